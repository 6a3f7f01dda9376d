-- The blob store file holding a map attempt's output when its job keeps intermediate data in the storage service
-- (params.intermediate = storage); NULL when the output stays on the worker's disk, and for reduces.
ALTER TABLE attempt ADD COLUMN intermediate_file_id text;
