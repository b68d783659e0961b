-- What a quota shared by every instance has spent today: the phone-number calls WeChat bills, per person and per
-- mini-program. One row per quota, subject (a user id, an app name) and day; a use is counted by the statement that
-- checks the limit, so two instances cannot both take the last one. Rows of past days are deleted.
CREATE TABLE daily_quota_uses (
    quota   varchar(64)  NOT NULL,
    subject varchar(200) NOT NULL,
    day     date         NOT NULL,
    uses    integer      NOT NULL,
    PRIMARY KEY (quota, subject, day)
);
