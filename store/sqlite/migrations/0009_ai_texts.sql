-- 0009: what AI writing produced, per lead, campaign and step, and what it spent per
-- day (package personalize/aiwrite).
--
-- ai_texts is the durable aiwrite.Store: the provider is asked at most once per row, so
-- a retry or a restart sends the same text. status is ready, needs_review, approved or
-- rejected; cause and reason say why the template was used instead (a fallback), and
-- are empty when the AI text stands. payload is the action held for a review, sent once
-- a person approved or rejected the text (sent_at).

CREATE TABLE ai_texts (
    id          INTEGER   PRIMARY KEY,
    lead        TEXT      NOT NULL,
    campaign    TEXT      NOT NULL DEFAULT '',
    step        TEXT      NOT NULL,
    text        TEXT      NOT NULL DEFAULT '',
    status      TEXT      NOT NULL,
    cause       TEXT      NOT NULL DEFAULT '',
    reason      TEXT      NOT NULL DEFAULT '',
    tokens      INTEGER   NOT NULL DEFAULT 0,
    cost        REAL      NOT NULL DEFAULT 0,
    payload     TEXT      NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    sent_at     TIMESTAMP,
    UNIQUE (lead, campaign, step)
);

CREATE INDEX ai_texts_status ON ai_texts (status, created_at);

-- The day's spend of AI writing, day being YYYY-MM-DD in the budget's zone.
CREATE TABLE ai_spend (
    day     TEXT    PRIMARY KEY,
    tokens  INTEGER NOT NULL DEFAULT 0,
    cost    REAL    NOT NULL DEFAULT 0
);
