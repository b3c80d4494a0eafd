-- 0008: what the mailboxes sent, and how far each one's IMAP folder has been read.
--
-- sent_mail is the durable email.SentLog: the Sender looks an action up by key before
-- sending (so a restart never mails it twice) and the Poller matches a reply or a
-- bounce to its lead by Message-ID (angle brackets stripped) or by the latest email to
-- the address (lower-cased).

CREATE TABLE sent_mail (
    id          INTEGER   PRIMARY KEY,
    action_key  TEXT      NOT NULL UNIQUE,
    account_id  INTEGER   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    campaign    TEXT      NOT NULL DEFAULT '',
    lead        TEXT      NOT NULL,
    recipient   TEXT      NOT NULL,
    message_id  TEXT      NOT NULL UNIQUE,
    sent_at     TIMESTAMP NOT NULL
);

CREATE INDEX sent_mail_recipient ON sent_mail (recipient, sent_at);

-- One row per email account once it has been polled: the folder's UIDVALIDITY and the
-- highest UID classified (email.Checkpoint).
CREATE TABLE mailbox_checkpoints (
    account_id  INTEGER   PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    uidvalidity INTEGER   NOT NULL,
    last_uid    INTEGER   NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
