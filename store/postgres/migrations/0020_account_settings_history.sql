-- 0020: the pacing settings each account had, and since when; the PostgreSQL twin of
-- store/sqlite/migrations/0020_account_settings_history.sql, which says why. settings
-- is TEXT holding the same JSON object as SQLite's, written by the same code.
CREATE TABLE account_settings_history (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    since      TIMESTAMPTZ NOT NULL,
    settings   TEXT        NOT NULL
);
CREATE INDEX account_settings_history_account ON account_settings_history (account_id, since, id);
