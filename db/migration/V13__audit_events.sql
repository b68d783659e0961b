-- Every change made through the admin API (and by the bootstrap and dev mode), written in the transaction of the
-- change itself: no change without its event. Who made it (an admin client's client_id, or "bootstrap"), what
-- (resource type and id, action) and the resource before and after, as the API shows it, never with a secret.
CREATE TABLE audit_events (
    id            bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at   timestamptz  NOT NULL DEFAULT now(),
    actor         varchar(200) NOT NULL,
    action        varchar(64)  NOT NULL,
    resource_type varchar(64)  NOT NULL,
    resource_id   varchar(200) NOT NULL,
    before        jsonb,
    after         jsonb
);
CREATE INDEX audit_events_resource_idx ON audit_events (resource_type, resource_id, id);
