-- WeChat's callback may bring one web login's code more than once (WeChat's browser opening it twice, a reload, a
-- double tap): the first callback claims the code here, as the token endpoint claims its codes, and records who
-- WeChat said signed in (never WeChat's tokens) for the login the code belongs to (its state, by hash). Another
-- callback of the same login finishes with that answer instead of sending the code to WeChat again.
-- Rows the token endpoint claims leave these columns empty.
ALTER TABLE wechat_code_redemptions
    ADD COLUMN login_state_hash bytea,
    ADD COLUMN refused          boolean NOT NULL DEFAULT false,
    ADD COLUMN openid           text,
    ADD COLUMN unionid          text,
    ADD COLUMN scopes           text,
    ADD COLUMN snapshot_user    boolean;
