-- 0020: the pacing settings each account had, and since when. audit --db judges an
-- action by the settings in force when it happened: judged by today's, the invites
-- sent under a cap of 95 break a cap lowered to 60 the day after. The store writes a
-- row with the account's creation and with every update that changes its type, caps,
-- safety margin, schedule, minimum gap or opening date, in the same transaction.
-- settings is one JSON object (store/internal/accountrow.EncodeSettings), so that a
-- setting added later needs no migration. An account created before this migration
-- has no row until its first change, which writes the settings it had until then
-- ("assumed": true, since its creation) and then the new ones. Rows of one account
-- take effect in order of since, then id.
CREATE TABLE account_settings_history (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    since      TIMESTAMP NOT NULL,
    settings   TEXT      NOT NULL
);
CREATE INDEX account_settings_history_account ON account_settings_history (account_id, since, id);
