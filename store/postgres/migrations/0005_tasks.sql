-- 0005: hand-off tasks (assist and agent executors) and the agents' tokens; the
-- PostgreSQL twin of store/sqlite/migrations/0005_tasks.sql.

CREATE TABLE tasks (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account     TEXT        NOT NULL REFERENCES accounts (name) ON UPDATE CASCADE,
    key         TEXT        NOT NULL,
    kind        TEXT        NOT NULL,
    lead        TEXT        NOT NULL,
    profile_url TEXT        NOT NULL DEFAULT '',
    with_note   BOOLEAN     NOT NULL DEFAULT FALSE,
    subject     TEXT        NOT NULL DEFAULT '',
    body        TEXT        NOT NULL DEFAULT '',
    todo        TEXT        NOT NULL DEFAULT '',
    campaign    TEXT        NOT NULL DEFAULT '',
    step        TEXT        NOT NULL DEFAULT '',
    state       TEXT        NOT NULL,
    attempt     INTEGER     NOT NULL DEFAULT 1,
    due         TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ,
    holder      TEXT        NOT NULL DEFAULT '',
    lease_id    TEXT        NOT NULL DEFAULT '',
    lease_until TIMESTAMPTZ,
    outcome     TEXT        NOT NULL DEFAULT '',
    done_at     TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT tasks_key_key UNIQUE (key)
);
CREATE INDEX tasks_account_state_due ON tasks (account, state, due);

CREATE TABLE agent_tokens (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT        NOT NULL,
    account    TEXT        NOT NULL DEFAULT '',
    token_hash TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT agent_tokens_name_key UNIQUE (name),
    CONSTRAINT agent_tokens_token_hash_key UNIQUE (token_hash)
);
