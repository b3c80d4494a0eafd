-- 0001: accounts, their cap overrides, the action ledger and events.
--
-- The same tables as store/sqlite/migrations/0001_init.sql in PostgreSQL's own types:
-- BIGINT identity ids, timestamptz (microseconds, compared as instants whatever zone
-- a client writes in), double precision for fractions.

CREATE TABLE accounts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT             NOT NULL,
    type         TEXT             NOT NULL,
    executor     TEXT             NOT NULL,
    state        TEXT             NOT NULL,
    time_zone    TEXT             NOT NULL,
    -- Working hours as minutes after local midnight, [hours_start, hours_end).
    hours_start  INTEGER          NOT NULL,
    hours_end    INTEGER          NOT NULL,
    -- Working days as a bit set: bit i is set for Go's time.Weekday(i), Sunday = 0.
    working_days INTEGER          NOT NULL,
    min_gap_ns   BIGINT           NOT NULL,
    safety       DOUBLE PRECISION NOT NULL,
    -- When the LinkedIn account itself was opened; NULL for an established account.
    opened_at    TIMESTAMPTZ,
    created_at   TIMESTAMPTZ      NOT NULL,
    updated_at   TIMESTAMPTZ      NOT NULL,
    CONSTRAINT accounts_name_key UNIQUE (name)
);

-- Per-account weekly cap overrides, one row per overridden kind.
CREATE TABLE account_caps (
    account_id BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    weekly_cap BIGINT  NOT NULL CHECK (weekly_cap >= 0),
    PRIMARY KEY (account_id, kind)
);

-- The action ledger: the source of truth for usage. Rows name their account, which must
-- exist; a rename carries over to the history and an account with history cannot be
-- deleted. An empty idempotency key is stored as NULL, so only real keys are unique.
CREATE TABLE actions (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key       TEXT,
    at        TIMESTAMPTZ NOT NULL,
    account   TEXT        NOT NULL REFERENCES accounts (name) ON UPDATE CASCADE,
    kind      TEXT        NOT NULL,
    lead      TEXT        NOT NULL DEFAULT '',
    result    TEXT        NOT NULL,
    with_note BOOLEAN     NOT NULL DEFAULT FALSE,
    campaign  TEXT        NOT NULL DEFAULT '',
    step      TEXT        NOT NULL DEFAULT '',
    CONSTRAINT actions_key_key UNIQUE (key)
);
CREATE INDEX actions_account_at ON actions (account, at);

-- Observed events. The key deduplicates an observation delivered twice.
CREATE TABLE events (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key     TEXT,
    at      TIMESTAMPTZ NOT NULL,
    account TEXT        NOT NULL REFERENCES accounts (name) ON UPDATE CASCADE,
    lead    TEXT        NOT NULL DEFAULT '',
    type    TEXT        NOT NULL,
    kind    TEXT        NOT NULL DEFAULT '',
    until   TIMESTAMPTZ,
    CONSTRAINT events_key_key UNIQUE (key)
);
CREATE INDEX events_account_at ON events (account, at);
