-- 0021: the account's InMail credit balance as LinkedIn last showed it, and when that
-- was true (NULL: never told); the PostgreSQL twin of
-- store/sqlite/migrations/0021_account_inmail_credits.sql, which says why.
ALTER TABLE accounts ADD COLUMN inmail_credits INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN inmail_credits_at TIMESTAMPTZ;
