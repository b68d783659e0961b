-- A person registered by an operator before their first login by the phone number they will prove (admin API): a
-- mini-program login that sends a getPhoneNumber code, and whose identity wxauth does not know yet, is linked to this
-- person when WeChat verifies the same number. The first such login uses the row up (deletes it): the operator
-- vouched for that person, not for whoever holds the number later (numbers change hands); the audit log keeps the
-- provisioning. A number someone merely bound to their account never links.
CREATE TABLE provisioned_phone_numbers (
    phone_number text        NOT NULL PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX provisioned_phone_numbers_user_idx ON provisioned_phone_numbers (user_id);
