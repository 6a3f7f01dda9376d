-- Replication, failure detection, deletion with restore and scrubbing.

-- LIVE, DEAD (missed heartbeats), DECOMMISSIONING (being drained), DECOMMISSIONED (drained, holds nothing).
ALTER TABLE nodes ADD CONSTRAINT nodes_state_check
    CHECK (state IN ('LIVE', 'DEAD', 'DECOMMISSIONING', 'DECOMMISSIONED'));

-- The version of the bytes this replica holds; older than its chunk's version means stale.
ALTER TABLE replicas ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
-- When the replica was written: placement limits recent creations per node, and a replica recorded after a
-- node listed its chunk files is not taken as missing from that listing.
ALTER TABLE replicas ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX replicas_created_idx ON replicas (created_at);

-- When the scrubber last read every replica of the chunk; NULL means never.
ALTER TABLE chunks ADD COLUMN last_scrubbed TIMESTAMPTZ;

-- Restorable deletions are found by age.
CREATE INDEX files_deleted_at_idx ON files (deleted_at) WHERE state = 'DELETED';
-- Listing by owner, newest first.
CREATE INDEX files_owner_created_idx ON files (owner, created_at DESC) WHERE state = 'COMMITTED';
