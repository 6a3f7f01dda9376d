-- Issue 8: a claim reads a few rows, not every pending task. It lists the active jobs (this index), then walks one
-- job's pending tasks in index order (task_pending) and stops at the first runnable one; the check that a task
-- did not already fail on the claiming worker looks up that worker's failed attempts (the partial index below)
-- instead of scanning every attempt ever made.
CREATE INDEX job_active ON job (priority DESC, submitted_at, id) WHERE status IN ('PENDING', 'RUNNING');
CREATE INDEX attempt_worker_failed ON attempt (worker_id, task_id) WHERE status = 'FAILED';
