-- The user code of a custom job: a jar in the blob store (by file id and SHA-256) and the classes to run.
-- NULL for built-in job types.
ALTER TABLE job
    ADD COLUMN artifact_id        text,
    ADD COLUMN artifact_sha256    text,
    ADD COLUMN mapper_class       text,
    ADD COLUMN reducer_class      text,
    ADD COLUMN combiner_class     text,
    ADD COLUMN partitioner_class  text;
