-- 0006: outgoing webhooks (package webhook): the endpoints and the delivery outbox.
--
-- An endpoint's signing secret is stored sealed with paceline's secret key (package
-- secret): it must be recoverable to sign each message, so it cannot be hashed.
-- events is a comma-separated list of payload types, '' for every type.
-- A delivery is written when its event is recorded and kept until the receiver
-- answers 2xx or the retries run out; id is the message's webhook-id header.

CREATE TABLE webhook_endpoints (
    id            INTEGER PRIMARY KEY,
    url           TEXT      NOT NULL,
    secret_sealed TEXT      NOT NULL,
    events        TEXT      NOT NULL DEFAULT '',
    active        BOOLEAN   NOT NULL DEFAULT TRUE,
    disabled      TEXT      NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE webhook_deliveries (
    id           TEXT      PRIMARY KEY,
    endpoint     INTEGER   NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_key    TEXT      NOT NULL,
    type         TEXT      NOT NULL,
    payload      TEXT      NOT NULL,
    attempts     INTEGER   NOT NULL DEFAULT 0,
    next_attempt TIMESTAMP NOT NULL,
    -- pending, delivered or failed.
    state        TEXT      NOT NULL,
    last_status  INTEGER   NOT NULL DEFAULT 0,
    last_error   TEXT      NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP,
    UNIQUE (endpoint, event_key)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt);
