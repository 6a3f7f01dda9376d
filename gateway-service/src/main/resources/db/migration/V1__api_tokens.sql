-- Bearer API tokens of REST callers. Only the SHA-256 of a token is stored: a leaked table grants nothing.
CREATE TABLE api_token (
    id          uuid        PRIMARY KEY,
    -- What the token is for, e.g. "ci" or "alice laptop"; unique among live tokens.
    name        text        NOT NULL,
    -- The principal the token acts as: the owner of the files and jobs it creates.
    principal   text        NOT NULL,
    role        text        NOT NULL CHECK (role IN ('VIEWER', 'SUBMITTER', 'ADMIN')),
    sha256      text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);

CREATE UNIQUE INDEX api_token_live_name ON api_token (name) WHERE revoked_at IS NULL;
