-- Issue 5: scheduling and fault tolerance.

-- Scheduling priority, -10..10; among active jobs free slots go to the highest first.
ALTER TABLE job ADD COLUMN priority integer NOT NULL DEFAULT 0 CHECK (priority BETWEEN -10 AND 10);

-- ALIVE, DRAINING, LOST (heartbeats stopped for longer than the lease) or LEFT (said goodbye).
ALTER TABLE worker ADD COLUMN state text NOT NULL DEFAULT 'ALIVE';
ALTER TABLE worker ADD COLUMN state_changed_at timestamptz;
-- The worker's clock minus ours, in milliseconds, as it last reported; NULL until it has an estimate.
ALTER TABLE worker ADD COLUMN clock_offset_millis bigint;
-- RegisterWorker's request id, so that a retried registration returns the same worker; cleared after a retention.
ALTER TABLE worker ADD COLUMN request_id text;
CREATE UNIQUE INDEX worker_request ON worker (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX worker_live ON worker (last_heartbeat) WHERE state IN ('ALIVE', 'DRAINING');

-- A task whose attempt FAILED waits until not_before (retry backoff). FAILED and LOST attempts are counted
-- apart: the attempt limit counts only failures of the task itself.
ALTER TABLE task ADD COLUMN not_before timestamptz;
ALTER TABLE task ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE task ADD COLUMN lost_attempts integer NOT NULL DEFAULT 0;
-- Hosts holding a replica of a map split's first chunk when the job was planned, for locality.
ALTER TABLE task ADD COLUMN replica_hosts text[] NOT NULL DEFAULT '{}';
CREATE INDEX task_running ON task (job_id) WHERE status = 'RUNNING';

-- A running attempt lives until lease_expires_at unless a heartbeat listing it renews it.
ALTER TABLE attempt ADD COLUMN lease_expires_at timestamptz;
-- A speculative copy started while another attempt of the task ran.
ALTER TABLE attempt ADD COLUMN backup boolean NOT NULL DEFAULT false;
-- Start and end as the worker measured them, shifted onto our clock by its reported offset; NULL when unknown.
ALTER TABLE attempt ADD COLUMN reported_started_at timestamptz;
ALTER TABLE attempt ADD COLUMN reported_finished_at timestamptz;
CREATE INDEX attempt_running_lease ON attempt (lease_expires_at) WHERE status = 'RUNNING';

-- Reduce attempts that could not fetch a map attempt's output; enough of them re-run the map task.
CREATE TABLE fetch_failure (
    map_attempt_id     uuid        NOT NULL REFERENCES attempt (id) ON DELETE CASCADE,
    reduce_attempt_id  uuid        NOT NULL REFERENCES attempt (id) ON DELETE CASCADE,
    error              text        NOT NULL,
    reported_at        timestamptz NOT NULL,
    PRIMARY KEY (map_attempt_id, reduce_attempt_id)
);
