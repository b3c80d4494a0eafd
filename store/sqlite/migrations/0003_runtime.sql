-- 0003: the durable runtime: campaigns, their accounts, enrollments with their step
-- state, the outbox state of ledger actions, per-account tick cursors, the sped-up
-- clock and the simulated platform's memory.
--
-- Portable like 0001: the PostgreSQL folder holds the same tables in its own types.

CREATE TABLE campaigns (
    id            INTEGER PRIMARY KEY,
    name          TEXT      NOT NULL UNIQUE,
    -- The lead list the campaign enrolls ("" for every lead).
    list          TEXT      NOT NULL DEFAULT '',
    -- The sequence as the user wrote it (YAML): parsed again at every tick, so what
    -- runs is always what `campaigns status` shows.
    sequence      TEXT      NOT NULL,
    priority      INTEGER   NOT NULL DEFAULT 0,
    -- draft (created, never started), active or paused.
    state         TEXT      NOT NULL,
    paused_reason TEXT      NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE campaign_accounts (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    account     TEXT    NOT NULL REFERENCES accounts (name) ON UPDATE CASCADE,
    PRIMARY KEY (campaign_id, account)
);

-- One lead going through one campaign from one account. state is new (not yet seen by
-- a tick), active, waiting, finished or stopped; snapshot is the engine's own state of
-- the enrollment (engine.Snapshot as JSON) and lead the facts the sequence tests.
CREATE TABLE enrollments (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER   NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    lead        TEXT      NOT NULL,
    account     TEXT      NOT NULL REFERENCES accounts (name) ON UPDATE CASCADE,
    step        INTEGER   NOT NULL DEFAULT 0,
    state       TEXT      NOT NULL,
    due         TIMESTAMP,
    reason      TEXT      NOT NULL DEFAULT '',
    lead_facts  TEXT      NOT NULL,
    snapshot    TEXT      NOT NULL DEFAULT '',
    started_at  TIMESTAMP NOT NULL,
    ended_at    TIMESTAMP,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (campaign_id, lead)
);
-- A lead is in at most one running enrollment across every campaign and account.
CREATE UNIQUE INDEX enrollments_one_running ON enrollments (lead)
    WHERE state IN ('new', 'active', 'waiting');
CREATE INDEX enrollments_account_state ON enrollments (account, state);

-- The outbox: an action is written planned before the executor is called and done
-- after. Rows written before this migration were all done.
ALTER TABLE actions ADD COLUMN state TEXT NOT NULL DEFAULT 'done';
CREATE INDEX actions_state ON actions (state, account);

-- Per account, the last event a tick has applied (events are observed once, in id
-- order) and the virtual instant of its last tick.
CREATE TABLE account_cursors (
    account   TEXT      NOT NULL PRIMARY KEY REFERENCES accounts (name) ON UPDATE CASCADE,
    event_id  BIGINT    NOT NULL DEFAULT 0,
    ticked_at TIMESTAMP
);

-- The runtime's clock: virtual = virtual_at + (real now - real_at) x speed. A restart
-- moves real_at to the restart and virtual_at to the furthest instant reached, so time
-- never runs backwards for the ledger.
CREATE TABLE runtime_clock (
    id         INTEGER          NOT NULL PRIMARY KEY CHECK (id = 1),
    speed      DOUBLE PRECISION NOT NULL,
    virtual_at TIMESTAMP        NOT NULL,
    real_at    TIMESTAMP        NOT NULL,
    reached    TIMESTAMP        NOT NULL
);

-- The simulated platform's memory of what it carried out, by idempotency key: a stand-in
-- for LinkedIn's own record, written in a transaction of its own as the platform would,
-- so that reconciliation can ask it "did you execute key K?".
CREATE TABLE sim_executions (
    key       TEXT      NOT NULL PRIMARY KEY,
    at        TIMESTAMP NOT NULL,
    account   TEXT      NOT NULL,
    lead      TEXT      NOT NULL,
    kind      TEXT      NOT NULL,
    result    TEXT      NOT NULL,
    with_note BOOLEAN   NOT NULL DEFAULT FALSE
);
CREATE INDEX sim_executions_account_at ON sim_executions (account, at);
