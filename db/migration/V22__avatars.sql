-- The avatar a person chose in a mini-program (WeChat's chooseAvatar button), checked by its content (PNG, JPEG or
-- WebP, at most 1 MB, 16 to 2048 pixels a side) and served publicly at {issuer}/avatars/{id}, the person's
-- `picture`. One per person: a new upload replaces the row with a new random id, so that a URL always shows the same
-- bytes and may be cached for good. Deleted with the person.
CREATE TABLE avatars (
    id           uuid        NOT NULL PRIMARY KEY,
    user_id      uuid        NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    content_type text        NOT NULL,
    bytes        bytea       NOT NULL,
    sha256       bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
-- out of line and uncompressed: PNG, JPEG and WebP are compressed already, PostgreSQL's compression would only cost
ALTER TABLE avatars ALTER COLUMN bytes SET STORAGE EXTERNAL;
