-- Issue 6: idempotent submission (a caller-chosen request id per owner) and the job list's order.
ALTER TABLE job ADD COLUMN request_id text;
-- SHA-256 of what was asked for, so a request id reused for a different job is told apart from a retry.
ALTER TABLE job ADD COLUMN request_fingerprint text;
CREATE UNIQUE INDEX job_owner_request ON job (owner, request_id) WHERE request_id IS NOT NULL;
CREATE INDEX job_newest_first ON job (submitted_at DESC, id DESC);
CREATE INDEX job_owner_newest_first ON job (owner, submitted_at DESC, id DESC);
