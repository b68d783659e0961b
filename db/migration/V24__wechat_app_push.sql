-- WeChat's message push (its events about a person: authorization withdrawn, account cancelled, profile cleaned up),
-- per app. The push Token and the EncodingAESKey of a stored app are secrets like its AppSecret: encrypted under the
-- master key (contexts wechat_apps:<name>:push-token and wechat_apps:<name>:encoding-aes-key), never in clear.
-- NULL: the app receives no pushes (no token), or plaintext pushes only (no key).
ALTER TABLE wechat_apps ADD COLUMN push_token_encrypted bytea;
ALTER TABLE wechat_apps ADD COLUMN encoding_aes_key_encrypted bytea;

-- Each push accepted, by its signed timestamp and nonce: the same signed request again is a replay, refused. Written in
-- the transaction of the push's effect (a push that failed leaves no record and may come again); kept only as long as
-- a push's timestamp is accepted, then purged by its timestamp.
CREATE TABLE wechat_push_receipts (
    app              text        NOT NULL,
    signed_timestamp bigint      NOT NULL,
    nonce            text        NOT NULL,
    received_at      timestamptz NOT NULL,
    PRIMARY KEY (app, signed_timestamp, nonce)
);
CREATE INDEX wechat_push_receipts_signed_timestamp_idx ON wechat_push_receipts (signed_timestamp);
