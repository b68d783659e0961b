-- A person an operator merged into another (admin API): their id, once the sub of their tokens, now names the
-- person kept, so that the API can say where they went. Their identities moved; their row in users is gone.
CREATE TABLE merged_users (
    merged_id    uuid        NOT NULL PRIMARY KEY,
    into_user_id uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    merged_at    timestamptz NOT NULL DEFAULT now()
);
