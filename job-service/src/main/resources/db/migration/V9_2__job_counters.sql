-- Issue 8: a job's counters (GetJob) read a few rows instead of summing the counters of every committed attempt of
-- the job. job_counter holds, per job and counter name, the sum over the job's committed attempts (each task's
-- succeeded_attempt_id) and how many of them reported that counter; a name no committed attempt reports any more
-- (its map ran again) has attempts = 0 and is not shown. The trigger runs when a task's committed attempt changes
-- (a commit, or a map whose output was lost going back to PENDING), at the end of that transaction: the attempt's
-- counter rows are written after the task's row within it. Every such transaction holds the job's row lock.
CREATE TABLE job_counter (
    job_id    uuid    NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    name      text    NOT NULL,
    value     bigint  NOT NULL,
    attempts  integer NOT NULL,
    PRIMARY KEY (job_id, name)
);

INSERT INTO job_counter (job_id, name, value, attempts)
SELECT t.job_id, c.name, sum(c.value), count(*)
FROM attempt_counter c JOIN task t ON t.succeeded_attempt_id = c.attempt_id
GROUP BY t.job_id, c.name;

CREATE FUNCTION committed_attempt_moved() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF OLD.succeeded_attempt_id IS NOT NULL THEN
    UPDATE job_counter j SET value = j.value - c.value, attempts = j.attempts - 1
    FROM attempt_counter c
    WHERE c.attempt_id = OLD.succeeded_attempt_id AND j.job_id = OLD.job_id AND j.name = c.name;
  END IF;
  IF NEW.succeeded_attempt_id IS NOT NULL THEN
    INSERT INTO job_counter AS j (job_id, name, value, attempts)
    SELECT NEW.job_id, c.name, c.value, 1 FROM attempt_counter c WHERE c.attempt_id = NEW.succeeded_attempt_id
    ON CONFLICT (job_id, name) DO UPDATE SET value = j.value + excluded.value, attempts = j.attempts + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER committed_attempt_counted AFTER UPDATE OF succeeded_attempt_id ON task
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.succeeded_attempt_id IS DISTINCT FROM NEW.succeeded_attempt_id)
    EXECUTE FUNCTION committed_attempt_moved();
