-- JWT signing keys shared by every instance. The private key is AES-GCM encrypted under the master key.
-- A key signs from activates_at until a newer key activates; it is published in the JWKS from creation
-- (so resource servers learn it before the first token it signs) until retires_at.
CREATE TABLE signing_keys (
    kid                   text        NOT NULL PRIMARY KEY,
    algorithm             text        NOT NULL,
    public_jwk            text        NOT NULL,
    private_key_encrypted bytea       NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    activates_at          timestamptz NOT NULL,
    retires_at            timestamptz
);
CREATE INDEX signing_keys_activates_at_idx ON signing_keys (activates_at);
