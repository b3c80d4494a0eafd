-- 0007: the settings of email accounts (executor email), one row per account.
--
-- Server URLs are stored without passwords; the passwords are sealed with paceline's
-- secret key (package secret, labels account/NAME/smtp-password and
-- account/NAME/imap-password) and are '' when the server takes no login. The daily cap
-- and working hours are the account's, as for any other account.

CREATE TABLE mailboxes (
    account_id           INTEGER   PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    from_address         TEXT      NOT NULL,
    smtp_url             TEXT      NOT NULL,
    imap_url             TEXT      NOT NULL DEFAULT '',
    smtp_password_sealed TEXT      NOT NULL DEFAULT '',
    imap_password_sealed TEXT      NOT NULL DEFAULT '',
    folder               TEXT      NOT NULL DEFAULT '',
    footer_address       TEXT      NOT NULL DEFAULT '',
    public_url           TEXT      NOT NULL DEFAULT '',
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
