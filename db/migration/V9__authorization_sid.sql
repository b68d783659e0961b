-- The browser session an authorization was granted in (the sid of its ID tokens): logging out of a session revokes
-- the authorizations granted in it. NULL for logins without a browser session (mini-programs, apps, client
-- credentials).
ALTER TABLE oauth2_authorization ADD COLUMN sid varchar(64);
CREATE INDEX oauth2_authorization_sid_idx ON oauth2_authorization (sid) WHERE sid IS NOT NULL;
