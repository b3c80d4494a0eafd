-- 0007: the settings of email accounts; the PostgreSQL twin of
-- store/sqlite/migrations/0007_mailboxes.sql.

CREATE TABLE mailboxes (
    account_id           BIGINT      PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    from_address         TEXT        NOT NULL,
    smtp_url             TEXT        NOT NULL,
    imap_url             TEXT        NOT NULL DEFAULT '',
    smtp_password_sealed TEXT        NOT NULL DEFAULT '',
    imap_password_sealed TEXT        NOT NULL DEFAULT '',
    folder               TEXT        NOT NULL DEFAULT '',
    footer_address       TEXT        NOT NULL DEFAULT '',
    public_url           TEXT        NOT NULL DEFAULT '',
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
