-- 0006: outgoing webhooks; the PostgreSQL twin of
-- store/sqlite/migrations/0006_webhooks.sql.

CREATE TABLE webhook_endpoints (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url           TEXT        NOT NULL,
    secret_sealed TEXT        NOT NULL,
    events        TEXT        NOT NULL DEFAULT '',
    active        BOOLEAN     NOT NULL DEFAULT TRUE,
    disabled      TEXT        NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE webhook_deliveries (
    id           TEXT        PRIMARY KEY,
    endpoint     BIGINT      NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_key    TEXT        NOT NULL,
    type         TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    attempts     INTEGER     NOT NULL DEFAULT 0,
    next_attempt TIMESTAMPTZ NOT NULL,
    state        TEXT        NOT NULL,
    last_status  INTEGER     NOT NULL DEFAULT 0,
    last_error   TEXT        NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    delivered_at TIMESTAMPTZ,
    CONSTRAINT webhook_deliveries_endpoint_event_key UNIQUE (endpoint, event_key)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt);
