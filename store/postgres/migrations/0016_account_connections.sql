-- 0016: the account's number of first-degree connections as last known, and when
-- that was true (NULL: never told). LinkedIn refuses invites at 30,000 connections and
-- the ledger holds nothing from before the account came to paceline, so the Pacer
-- starts from this count and adds only the acceptances after connections_at.
ALTER TABLE accounts ADD COLUMN connections INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN connections_at TIMESTAMPTZ;
