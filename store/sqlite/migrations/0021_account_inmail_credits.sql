-- 0021: the account's InMail credit balance as LinkedIn last showed it, and when that
-- was true (NULL: never told). Rebuilt from the ledger alone, the balance assumed the
-- account's type of today since the start of its history: a seat upgraded to Sales
-- Navigator showed 150 credits at once where LinkedIn grants 50. The Pacer starts from
-- this balance, adds the monthly credits after inmail_credits_at up to the rollover
-- cap, and takes off the InMails sent after it.
ALTER TABLE accounts ADD COLUMN inmail_credits INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN inmail_credits_at TIMESTAMP;
