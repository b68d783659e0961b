-- When the authorization code of an authorization was first presented at the token endpoint. The framework redeems
-- a code by read, check, save: two simultaneous redemptions would both read it unused and both get tokens. Setting
-- this column from NULL is one atomic claim, so exactly one of them goes on (RFC 6749 §4.1.2: a code is used once).
-- The framework's own writes name their columns and leave this one alone.
ALTER TABLE oauth2_authorization ADD COLUMN authorization_code_redeemed_at timestamptz;
