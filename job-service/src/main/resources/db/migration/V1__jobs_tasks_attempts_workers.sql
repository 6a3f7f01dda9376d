-- Jobs, their map and reduce tasks, the attempts at those tasks, and the workers that run them.
-- Every change to a job's tasks holds the job's row lock; tasks are claimed with FOR UPDATE SKIP LOCKED.

CREATE TABLE job (
    id            uuid        PRIMARY KEY,
    type          text        NOT NULL,
    status        text        NOT NULL,
    owner         text        NOT NULL,
    reducers      integer     NOT NULL CHECK (reducers >= 1),
    error         text,
    submitted_at  timestamptz NOT NULL,
    started_at    timestamptz,
    finished_at   timestamptz,
    version       bigint      NOT NULL
);

CREATE TABLE job_input (
    job_id    uuid    NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    position  integer NOT NULL,
    file_id   text    NOT NULL,
    PRIMARY KEY (job_id, position)
);

CREATE TABLE job_param (
    job_id  uuid NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    name    text NOT NULL,
    value   text NOT NULL,
    PRIMARY KEY (job_id, name)
);

-- Committed outputs, one per reduce partition, written when the job succeeds.
CREATE TABLE job_output (
    job_id     uuid    NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    partition  integer NOT NULL,
    file_id    text    NOT NULL,
    PRIMARY KEY (job_id, partition)
);

CREATE TABLE worker (
    id               uuid        PRIMARY KEY,
    host             text        NOT NULL,
    pid              bigint      NOT NULL,
    slots            integer     NOT NULL,
    shuffle_address  text        NOT NULL,
    registered_at    timestamptz NOT NULL,
    last_heartbeat   timestamptz NOT NULL
);

CREATE TABLE task (
    id                    uuid    PRIMARY KEY,
    job_id                uuid    NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    kind                  text    NOT NULL,
    task_index            integer NOT NULL,
    status                text    NOT NULL,
    attempts              integer NOT NULL,
    -- The split of a map task; NULL for reduces.
    file_id               text,
    file_name             text,
    split_offset          bigint,
    split_length          bigint,
    file_size             bigint,
    succeeded_attempt_id  uuid,
    -- The committed output of a reduce task.
    output_file_id        text,
    UNIQUE (job_id, kind, task_index)
);

-- The claim query scans only runnable candidates.
CREATE INDEX task_pending ON task (job_id, task_index) WHERE status = 'PENDING';

CREATE TABLE attempt (
    id           uuid        PRIMARY KEY,
    task_id      uuid        NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    worker_id    uuid        NOT NULL REFERENCES worker (id),
    status       text        NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    error        text,
    stack_trace  text
);

CREATE INDEX attempt_task ON attempt (task_id);
CREATE INDEX attempt_worker_running ON attempt (worker_id) WHERE status = 'RUNNING';

CREATE TABLE attempt_counter (
    attempt_id  uuid   NOT NULL REFERENCES attempt (id) ON DELETE CASCADE,
    name        text   NOT NULL,
    value       bigint NOT NULL,
    PRIMARY KEY (attempt_id, name)
);
