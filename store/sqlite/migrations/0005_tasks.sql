-- 0005: hand-off tasks (assist and agent executors) and the agents' tokens.
--
-- A task is one action of the engine handed to a person or an external agent; key is
-- the action's idempotency key, so one action never becomes two tasks. Agent tokens
-- are stored as the hex SHA-256 of their random value (see paceline.HashSecret).

CREATE TABLE tasks (
    id          INTEGER PRIMARY KEY,
    account     TEXT      NOT NULL REFERENCES accounts (name) ON UPDATE CASCADE,
    key         TEXT      NOT NULL UNIQUE,
    kind        TEXT      NOT NULL,
    lead        TEXT      NOT NULL,
    profile_url TEXT      NOT NULL DEFAULT '',
    with_note   BOOLEAN   NOT NULL DEFAULT FALSE,
    subject     TEXT      NOT NULL DEFAULT '',
    body        TEXT      NOT NULL DEFAULT '',
    todo        TEXT      NOT NULL DEFAULT '',
    campaign    TEXT      NOT NULL DEFAULT '',
    step        TEXT      NOT NULL DEFAULT '',
    -- planned, offered, leased, done, skipped, failed or expired.
    state       TEXT      NOT NULL,
    attempt     INTEGER   NOT NULL DEFAULT 1,
    due         TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP,
    holder      TEXT      NOT NULL DEFAULT '',
    lease_id    TEXT      NOT NULL DEFAULT '',
    lease_until TIMESTAMP,
    outcome     TEXT      NOT NULL DEFAULT '',
    done_at     TIMESTAMP,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX tasks_account_state_due ON tasks (account, state, due);

CREATE TABLE agent_tokens (
    id         INTEGER PRIMARY KEY,
    name       TEXT      NOT NULL UNIQUE,
    -- The account the token may lease for; '' for every account.
    account    TEXT      NOT NULL DEFAULT '',
    token_hash TEXT      NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
