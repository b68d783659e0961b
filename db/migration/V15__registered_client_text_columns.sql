-- What the admin API accepts must fit: 20 redirect URIs of up to 2,000 characters each, 50 scopes, several audiences
-- in the settings, and a secret rotated with an overlap (both hashes in one value). Text, as the other serialized
-- columns are.
ALTER TABLE oauth2_registered_client
    ALTER COLUMN client_secret TYPE text,
    ALTER COLUMN redirect_uris TYPE text,
    ALTER COLUMN post_logout_redirect_uris TYPE text,
    ALTER COLUMN scopes TYPE text,
    ALTER COLUMN client_settings TYPE text,
    ALTER COLUMN token_settings TYPE text;
