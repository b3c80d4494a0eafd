-- 0008: what the mailboxes sent, and how far each one's IMAP folder has been read; the
-- PostgreSQL twin of store/sqlite/migrations/0008_sent_mail.sql.

CREATE TABLE sent_mail (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_key  TEXT        NOT NULL UNIQUE,
    account_id  BIGINT      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    campaign    TEXT        NOT NULL DEFAULT '',
    lead        TEXT        NOT NULL,
    recipient   TEXT        NOT NULL,
    message_id  TEXT        NOT NULL UNIQUE,
    sent_at     TIMESTAMPTZ NOT NULL
);

CREATE INDEX sent_mail_recipient ON sent_mail (recipient, sent_at);

CREATE TABLE mailbox_checkpoints (
    account_id  BIGINT      PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    uidvalidity BIGINT      NOT NULL,
    last_uid    BIGINT      NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
