-- 0009: what AI writing produced, per lead, campaign and step, and what it spent per
-- day; the PostgreSQL twin of store/sqlite/migrations/0009_ai_texts.sql.

CREATE TABLE ai_texts (
    id          BIGINT           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead        TEXT             NOT NULL,
    campaign    TEXT             NOT NULL DEFAULT '',
    step        TEXT             NOT NULL,
    text        TEXT             NOT NULL DEFAULT '',
    status      TEXT             NOT NULL,
    cause       TEXT             NOT NULL DEFAULT '',
    reason      TEXT             NOT NULL DEFAULT '',
    tokens      BIGINT           NOT NULL DEFAULT 0,
    cost        DOUBLE PRECISION NOT NULL DEFAULT 0,
    payload     TEXT             NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ      NOT NULL,
    sent_at     TIMESTAMPTZ,
    UNIQUE (lead, campaign, step)
);

CREATE INDEX ai_texts_status ON ai_texts (status, created_at);

CREATE TABLE ai_spend (
    day     TEXT             PRIMARY KEY,
    tokens  BIGINT           NOT NULL DEFAULT 0,
    cost    DOUBLE PRECISION NOT NULL DEFAULT 0
);
