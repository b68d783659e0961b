-- Spring Security's authorization-server tables, adapted to PostgreSQL:
-- text for the serialized columns (the JDBC services detect the column type and read them as strings),
-- timestamptz for instants, a unique client_id, and an index for every token lookup the authorization service makes.

CREATE TABLE oauth2_registered_client (
    id                            varchar(100)  NOT NULL PRIMARY KEY,
    client_id                     varchar(100)  NOT NULL UNIQUE,
    client_id_issued_at           timestamptz   NOT NULL DEFAULT now(),
    client_secret                 varchar(200),
    client_secret_expires_at      timestamptz,
    client_name                   varchar(200)  NOT NULL,
    client_authentication_methods varchar(1000) NOT NULL,
    authorization_grant_types     varchar(1000) NOT NULL,
    redirect_uris                 varchar(1000),
    post_logout_redirect_uris     varchar(1000),
    scopes                        varchar(1000) NOT NULL,
    client_settings               varchar(2000) NOT NULL,
    token_settings                varchar(2000) NOT NULL
);

CREATE TABLE oauth2_authorization (
    id                            varchar(100) NOT NULL PRIMARY KEY,
    registered_client_id          varchar(100) NOT NULL,
    principal_name                varchar(200) NOT NULL,
    authorization_grant_type      varchar(100) NOT NULL,
    authorized_scopes             varchar(1000),
    attributes                    text,
    state                         varchar(500),
    authorization_code_value      text,
    authorization_code_issued_at  timestamptz,
    authorization_code_expires_at timestamptz,
    authorization_code_metadata   text,
    access_token_value            text,
    access_token_issued_at        timestamptz,
    access_token_expires_at       timestamptz,
    access_token_metadata         text,
    access_token_type             varchar(100),
    access_token_scopes           varchar(1000),
    oidc_id_token_value           text,
    oidc_id_token_issued_at       timestamptz,
    oidc_id_token_expires_at      timestamptz,
    oidc_id_token_metadata        text,
    refresh_token_value           text,
    refresh_token_issued_at       timestamptz,
    refresh_token_expires_at      timestamptz,
    refresh_token_metadata        text,
    user_code_value               text,
    user_code_issued_at           timestamptz,
    user_code_expires_at          timestamptz,
    user_code_metadata            text,
    device_code_value             text,
    device_code_issued_at         timestamptz,
    device_code_expires_at        timestamptz,
    device_code_metadata          text,
    -- Not used by the framework (its INSERT names its columns): lets the purge find authorizations that never got a token.
    created_at                    timestamptz  NOT NULL DEFAULT now()
);

-- Hash indexes: token values are looked up by equality only, and a JWT can outgrow a b-tree entry (~2.7 kB).
CREATE INDEX oauth2_authorization_state_idx              ON oauth2_authorization USING hash (state);
CREATE INDEX oauth2_authorization_code_idx               ON oauth2_authorization USING hash (authorization_code_value);
CREATE INDEX oauth2_authorization_access_token_idx       ON oauth2_authorization USING hash (access_token_value);
CREATE INDEX oauth2_authorization_id_token_idx           ON oauth2_authorization USING hash (oidc_id_token_value);
CREATE INDEX oauth2_authorization_refresh_token_idx      ON oauth2_authorization USING hash (refresh_token_value);
CREATE INDEX oauth2_authorization_user_code_idx          ON oauth2_authorization USING hash (user_code_value);
CREATE INDEX oauth2_authorization_device_code_idx        ON oauth2_authorization USING hash (device_code_value);
CREATE INDEX oauth2_authorization_principal_idx          ON oauth2_authorization (registered_client_id, principal_name);

-- The purge deletes authorizations whose every credential has expired...
CREATE INDEX oauth2_authorization_last_expiry_idx ON oauth2_authorization (
    (greatest(authorization_code_expires_at, access_token_expires_at, oidc_id_token_expires_at,
              refresh_token_expires_at, user_code_expires_at, device_code_expires_at)));
-- ...and those abandoned before any credential was issued.
CREATE INDEX oauth2_authorization_unfinished_idx ON oauth2_authorization (created_at)
    WHERE authorization_code_value IS NULL AND access_token_value IS NULL AND oidc_id_token_value IS NULL
      AND refresh_token_value IS NULL AND user_code_value IS NULL AND device_code_value IS NULL;

CREATE TABLE oauth2_authorization_consent (
    registered_client_id varchar(100)  NOT NULL,
    principal_name       varchar(200)  NOT NULL,
    authorities          varchar(1000) NOT NULL,
    PRIMARY KEY (registered_client_id, principal_name)
);
