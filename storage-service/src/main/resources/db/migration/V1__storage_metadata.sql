-- Metadata of the blob store, shared by every storage node. Each node keeps chunk bytes on its own disk; these
-- tables say which files exist, how they are cut into chunks and which node holds which replica.

CREATE TABLE nodes (
    id             VARCHAR(128) PRIMARY KEY,
    -- host:port of the node's gRPC server
    address        VARCHAR(255) NOT NULL,
    zone           VARCHAR(128) NOT NULL,
    capacity_bytes BIGINT       NOT NULL,
    used_bytes     BIGINT       NOT NULL,
    state          VARCHAR(16)  NOT NULL,
    last_heartbeat TIMESTAMPTZ  NOT NULL
);

CREATE TABLE files (
    id          UUID PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    -- final size and digest, known once the upload is committed
    size        BIGINT       NOT NULL,
    sha256      VARCHAR(64),
    chunk_size  BIGINT       NOT NULL CHECK (chunk_size > 0),
    -- the replication goal; re-replication works towards it
    replication INTEGER      NOT NULL CHECK (replication > 0),
    owner       VARCHAR(255) NOT NULL,
    state       VARCHAR(16)  NOT NULL CHECK (state IN ('UPLOADING', 'COMMITTED', 'DELETED')),
    created_at  TIMESTAMPTZ  NOT NULL,
    deleted_at  TIMESTAMPTZ,
    CHECK ((state = 'DELETED') = (deleted_at IS NOT NULL)),
    CHECK (state = 'UPLOADING' OR sha256 IS NOT NULL)
);

-- The garbage collector looks for deleted files and for uploads abandoned by a crashed node.
CREATE INDEX files_state_idx ON files (state) WHERE state <> 'COMMITTED';

CREATE TABLE chunks (
    handle       UUID PRIMARY KEY,
    file_id      UUID    NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    chunk_index  INTEGER NOT NULL CHECK (chunk_index >= 0),
    chunk_offset BIGINT  NOT NULL CHECK (chunk_offset >= 0),
    size         BIGINT  NOT NULL CHECK (size > 0),
    -- raised whenever the chunk's replicas change, so that a replica with an older version is known stale
    version      BIGINT  NOT NULL,
    UNIQUE (file_id, chunk_index)
);

CREATE TABLE replicas (
    chunk_handle UUID         NOT NULL REFERENCES chunks (handle) ON DELETE CASCADE,
    node_id      VARCHAR(128) NOT NULL REFERENCES nodes (id),
    state        VARCHAR(16)  NOT NULL CHECK (state IN ('LIVE', 'STALE', 'CORRUPT')),
    PRIMARY KEY (chunk_handle, node_id)
);

-- What a node holds: for re-replication when it dies and for its own garbage collection.
CREATE INDEX replicas_node_idx ON replicas (node_id);
