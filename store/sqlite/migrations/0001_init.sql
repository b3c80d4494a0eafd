-- 0001: accounts, their cap overrides, the action ledger and events.
--
-- Portable on purpose (a PostgreSQL store copies it): integer ids, plain TEXT,
-- INTEGER/BIGINT, REAL and BOOLEAN columns, timestamps as TIMESTAMP in UTC. In SQLite a
-- TIMESTAMP column holds the driver's text form "2006-01-02 15:04:05.999999999+00:00";
-- because the store writes every instant in UTC, text order is time order and range
-- queries can use the indexes.

CREATE TABLE accounts (
    id           INTEGER PRIMARY KEY,
    name         TEXT      NOT NULL UNIQUE,
    type         TEXT      NOT NULL,
    executor     TEXT      NOT NULL,
    state        TEXT      NOT NULL,
    time_zone    TEXT      NOT NULL,
    -- Working hours as minutes after local midnight, [hours_start, hours_end).
    hours_start  INTEGER   NOT NULL,
    hours_end    INTEGER   NOT NULL,
    -- Working days as a bit set: bit i is set for Go's time.Weekday(i), Sunday = 0.
    working_days INTEGER   NOT NULL,
    min_gap_ns   BIGINT    NOT NULL,
    safety       REAL      NOT NULL,
    -- When the LinkedIn account itself was opened; NULL for an established account.
    opened_at    TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);

-- Per-account weekly cap overrides, one row per overridden kind. A child table rather
-- than a JSON column: both databases join it the same way, the key forbids a kind twice
-- and the usage queries of the dashboard can read it without JSON functions.
CREATE TABLE account_caps (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    weekly_cap INTEGER NOT NULL CHECK (weekly_cap >= 0),
    PRIMARY KEY (account_id, kind)
);

-- The action ledger: the source of truth for usage. Rows name their account, which must
-- exist; a rename carries over to the history and an account with history cannot be
-- deleted. An empty idempotency key is stored as NULL, so only real keys are unique.
CREATE TABLE actions (
    id        INTEGER PRIMARY KEY,
    key       TEXT UNIQUE,
    at        TIMESTAMP NOT NULL,
    account   TEXT      NOT NULL REFERENCES accounts (name) ON UPDATE CASCADE,
    kind      TEXT      NOT NULL,
    lead      TEXT      NOT NULL DEFAULT '',
    result    TEXT      NOT NULL,
    with_note BOOLEAN   NOT NULL DEFAULT FALSE,
    campaign  TEXT      NOT NULL DEFAULT '',
    step      TEXT      NOT NULL DEFAULT ''
);
CREATE INDEX actions_account_at ON actions (account, at);

-- Observed events. The key deduplicates an observation delivered twice.
CREATE TABLE events (
    id      INTEGER PRIMARY KEY,
    key     TEXT UNIQUE,
    at      TIMESTAMP NOT NULL,
    account TEXT      NOT NULL REFERENCES accounts (name) ON UPDATE CASCADE,
    lead    TEXT      NOT NULL DEFAULT '',
    type    TEXT      NOT NULL,
    kind    TEXT      NOT NULL DEFAULT '',
    until   TIMESTAMP
);
CREATE INDEX events_account_at ON events (account, at);
