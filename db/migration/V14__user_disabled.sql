-- An operator disabled the person (admin API): their logins are refused until enabled again. NULL: enabled.
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
