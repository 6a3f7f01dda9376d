-- Issue 8: a job's progress (GetJob, polled every 20 ms by the benchmark and every few seconds by each dashboard)
-- reads one row and the job's few running tasks instead of counting every task of the job. task_progress holds,
-- per job and kind, how many tasks there are, how many SUCCEEDED and how many FAILED; RUNNING tasks are counted
-- where they are read, from the task_running index (a handful per job). The job service inserts a new job's row,
-- counted from its task rows in the submission's transaction; from then on the trigger below moves a task into or
-- out of SUCCEEDED or FAILED in the same transaction as the change, whichever code made it, so the counts always
-- equal a count of the rows. A claim (PENDING to RUNNING) does not touch the row: claims never wait for it, and
-- every change that does touch it holds the job's row lock, so the row of one job is changed one transaction at a
-- time. Tasks are deleted only with their job, whose row goes with it.
CREATE TABLE task_progress (
    job_id            uuid    PRIMARY KEY REFERENCES job (id) ON DELETE CASCADE,
    map_total         integer NOT NULL,
    map_succeeded     integer NOT NULL,
    map_failed        integer NOT NULL,
    reduce_total      integer NOT NULL,
    reduce_succeeded  integer NOT NULL,
    reduce_failed     integer NOT NULL
);

INSERT INTO task_progress
SELECT job_id,
  count(*) FILTER (WHERE kind = 'MAP'),
  count(*) FILTER (WHERE kind = 'MAP' AND status = 'SUCCEEDED'),
  count(*) FILTER (WHERE kind = 'MAP' AND status = 'FAILED'),
  count(*) FILTER (WHERE kind = 'REDUCE'),
  count(*) FILTER (WHERE kind = 'REDUCE' AND status = 'SUCCEEDED'),
  count(*) FILTER (WHERE kind = 'REDUCE' AND status = 'FAILED')
FROM task GROUP BY job_id;

CREATE FUNCTION task_outcome_moved() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  map int := (NEW.kind = 'MAP')::int;
  succeeded int := (NEW.status = 'SUCCEEDED')::int - (OLD.status = 'SUCCEEDED')::int;
  failed int := (NEW.status = 'FAILED')::int - (OLD.status = 'FAILED')::int;
BEGIN
  UPDATE task_progress SET
    map_succeeded = map_succeeded + map * succeeded,
    map_failed = map_failed + map * failed,
    reduce_succeeded = reduce_succeeded + (1 - map) * succeeded,
    reduce_failed = reduce_failed + (1 - map) * failed
  WHERE job_id = NEW.job_id;
  RETURN NULL;
END
$$;

CREATE TRIGGER task_outcome_counted AFTER UPDATE OF status ON task
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                       AND (OLD.status IN ('SUCCEEDED', 'FAILED') OR NEW.status IN ('SUCCEEDED', 'FAILED')))
    EXECUTE FUNCTION task_outcome_moved();
