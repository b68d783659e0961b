-- Every login through WeChat once it ended (audit.LoginEventLog), kept for wxauth.login-events.retention and then
-- purged: when, which flow, WeChat app (our name) and client, how it ended and why, our user when known, the address
-- and the truncated User-Agent it came from. Never in here: a code (WeChat's or ours), a token, a session key, an
-- openid or unionid, a phone number. user_id has no foreign key: an event outlives the user it names.
-- Written in batches a little after the login (never in its request), so ids follow the order of writing.
CREATE TABLE login_events (
    id          bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz  NOT NULL,
    flow        varchar(32)  NOT NULL,
    app         varchar(200) NOT NULL,
    client_id   varchar(100),
    outcome     varchar(32)  NOT NULL,
    reason      varchar(500),
    user_id     uuid,
    new_user    boolean      NOT NULL,
    ip_address  varchar(64),
    user_agent  varchar(256)
);
-- the admin API's lists (newest first within a person or a client, failures alone) and the purge by age
CREATE INDEX login_events_user_idx ON login_events (user_id, id) WHERE user_id IS NOT NULL;
CREATE INDEX login_events_client_idx ON login_events (client_id, id) WHERE client_id IS NOT NULL;
CREATE INDEX login_events_failure_idx ON login_events (outcome, id) WHERE outcome <> 'success';
CREATE INDEX login_events_occurred_at_idx ON login_events (occurred_at);
