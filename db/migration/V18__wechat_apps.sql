-- WeChat apps added through the admin API (apps configured by environment variables are not stored). Every instance
-- reads this table every few seconds, so an app added, changed or removed here is in use everywhere without a
-- restart. The AppSecret is encrypted under the master key (context wechat_apps:<name>), never stored in clear.
CREATE TABLE wechat_apps (
    name              text        NOT NULL PRIMARY KEY,
    kind              text        NOT NULL CHECK (kind IN ('website', 'official-account', 'mini-program', 'mobile-app')),
    appid             text        NOT NULL UNIQUE,
    secret_encrypted  bytea       NOT NULL,
    scope             text,
    disabled          boolean     NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    secret_updated_at timestamptz NOT NULL
);
