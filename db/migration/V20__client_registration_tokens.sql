-- Dynamic client registration (RFC 7591, RFC 7592). An initial access token, issued through the admin API, opens the
-- registration endpoint for as many registrations as the operator allowed, until it expires or is revoked (the row
-- deleted). A registration access token lets one dynamically registered client read, replace and delete its own
-- registration, and goes with the client. Both are shown once and kept only as SHA-256 hashes.
CREATE TABLE initial_access_tokens (
    id           bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash   bytea        NOT NULL UNIQUE,
    created_by   varchar(200) NOT NULL,
    created_at   timestamptz  NOT NULL,
    expires_at   timestamptz  NOT NULL,
    uses         integer      NOT NULL CHECK (uses > 0),
    used         integer      NOT NULL DEFAULT 0 CHECK (used >= 0 AND used <= uses)
);

CREATE TABLE registration_access_tokens (
    client_id  varchar(100) NOT NULL PRIMARY KEY
               REFERENCES oauth2_registered_client (client_id) ON DELETE CASCADE,
    token_hash bytea        NOT NULL UNIQUE,
    issued_at  timestamptz  NOT NULL
);
