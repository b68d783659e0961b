-- What wxauth finds by the person when it shows, revokes or deletes what it keeps of them (user.PersonalData): their
-- authorizations and consents by principal name (the existing indexes lead with the client), the records of the
-- codes their logins sent to WeChat by identity and by unionid (only web logins record them: partial indexes).
-- Not CONCURRENTLY: Flyway's transactional lock would wait on it forever. Writes to these tables wait while an index
-- builds, for a few seconds on tables of millions of rows (expired authorizations and codes' records are purged).
CREATE INDEX oauth2_authorization_principal_name_idx ON oauth2_authorization (principal_name);
CREATE INDEX oauth2_authorization_consent_principal_name_idx ON oauth2_authorization_consent (principal_name);
CREATE INDEX wechat_code_redemptions_identity_idx ON wechat_code_redemptions (appid, openid)
    WHERE openid IS NOT NULL;
CREATE INDEX wechat_code_redemptions_unionid_idx ON wechat_code_redemptions (unionid)
    WHERE unionid IS NOT NULL;
