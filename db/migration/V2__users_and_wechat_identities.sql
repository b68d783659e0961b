-- Our users: the id is the `sub` of every token we issue. WeChat ids live only in wechat_identities.
CREATE TABLE users (
    id                    uuid        NOT NULL PRIMARY KEY,
    nickname              text,
    avatar_url            text,
    phone_number          text,
    phone_number_verified boolean     NOT NULL DEFAULT false,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);

-- One row per WeChat identity (appid, openid). unionid is the same for one person across the apps of one
-- Open Platform account, and is often absent (snsapi_base, apps not bound to an Open Platform account).
CREATE TABLE wechat_identities (
    appid         text        NOT NULL,
    openid        text        NOT NULL,
    unionid       text,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    app_kind      text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (appid, openid)
);
CREATE INDEX wechat_identities_unionid_idx ON wechat_identities (unionid) WHERE unionid IS NOT NULL;
CREATE INDEX wechat_identities_user_idx ON wechat_identities (user_id);
