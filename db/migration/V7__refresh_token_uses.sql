-- Refresh tokens already exchanged, by SHA-256, for clients whose refresh tokens rotate. A rotated-out token presented
-- again means two parties hold it, the client and a thief, and nobody can tell which one is presenting it: the grant's
-- current tokens are revoked (RFC 9700 §4.14.2). The primary key also lets only one of two simultaneous refreshes
-- with the same token go on. Rows go with their authorization.
CREATE TABLE oauth2_refresh_token_uses (
    token_hash       bytea        NOT NULL PRIMARY KEY,
    authorization_id varchar(100) NOT NULL REFERENCES oauth2_authorization (id) ON DELETE CASCADE,
    used_at          timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX oauth2_refresh_token_uses_authorization_idx ON oauth2_refresh_token_uses (authorization_id);
