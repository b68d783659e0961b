-- OpenID Connect Back-Channel Logout 1.0: a logout token owed to a client whose browser session ended here. Recorded
-- in the transaction that revokes the session's authorizations; sent by whichever instance claims it first. A claim
-- counts an attempt and moves next_attempt_at past the time one delivery can take, so that the claims of an instance
-- that stopped run out and another instance sends them. Deleted once the client answered 2xx, or after the last
-- attempt. No token is kept: each attempt signs a fresh one.
CREATE TABLE backchannel_logout_notices (
    id                   bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registered_client_id varchar(100) NOT NULL REFERENCES oauth2_registered_client (id) ON DELETE CASCADE,
    subject              varchar(200) NOT NULL,
    sid                  varchar(64)  NOT NULL,
    attempts             integer      NOT NULL DEFAULT 0,
    next_attempt_at      timestamptz  NOT NULL DEFAULT now(),
    created_at           timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX backchannel_logout_notices_due_idx ON backchannel_logout_notices (next_attempt_at);
