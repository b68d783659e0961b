-- Codes from wx.login() and the Open SDK that we have sent to WeChat: a code is traded once, ever, so a replayed
-- request is refused here instead of upstream (where it would be "code been used" and count against quotas).
CREATE TABLE wechat_code_redemptions (
    appid       text        NOT NULL,
    code_hash   bytea       NOT NULL,
    redeemed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (appid, code_hash)
);
CREATE INDEX wechat_code_redemptions_redeemed_at_idx ON wechat_code_redemptions (redeemed_at);

-- The mini-program session_key of each (appid, openid): replaced at every login, AES-GCM encrypted, never sent
-- to a client. It decrypts the data WeChat encrypts for the mini-program (legacy phone number, profile).
CREATE TABLE wechat_session_keys (
    appid                 text        NOT NULL,
    openid                text        NOT NULL,
    session_key_encrypted bytea       NOT NULL,
    updated_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (appid, openid)
);

-- WeChat's app-level access token (stable_token) per app, shared by every instance: refreshed ahead of expiry
-- by whichever instance holds the row lock, AES-GCM encrypted.
CREATE TABLE wechat_app_access_tokens (
    appid           text        NOT NULL PRIMARY KEY,
    token_encrypted bytea,
    expires_at      timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
