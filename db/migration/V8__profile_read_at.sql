-- When the person's WeChat profile (nickname, avatar) was last read from WeChat's sns/userinfo. A login reads it
-- again only once our copy is older than wxauth.wechat.profile-max-age: one WeChat round trip fewer on most logins.
-- NULL: never read (profile-less logins only: mini-programs, snsapi_base), or read before this column existed.
ALTER TABLE users ADD COLUMN profile_read_at timestamptz;
