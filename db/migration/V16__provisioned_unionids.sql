-- A person registered by an operator before their first login (admin API), to be found by the unionid WeChat will
-- give at that login: how a login-only client lets in people it expects. The row stays as a record of the
-- provisioning; once an identity carries the unionid, that identity is what logins find.
CREATE TABLE provisioned_unionids (
    unionid    text        NOT NULL PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);
