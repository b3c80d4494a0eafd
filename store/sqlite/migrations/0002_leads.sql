-- 0002: leads, their canonical keys, lists and the suppression list.
--
-- Portable like 0001: plain INTEGER/BIGINT, TEXT, BOOLEAN and TIMESTAMP columns, JSON
-- kept as TEXT (the store reads and writes it whole, no JSON functions in queries),
-- conflicts handled with "ON CONFLICT DO NOTHING", which both databases accept.

-- One row per person. The keys are repeated here for display and for the exports; the
-- identity itself lives in lead_keys, which is what dedupe trusts.
CREATE TABLE leads (
    id                 INTEGER PRIMARY KEY,
    profile_key        TEXT      NOT NULL DEFAULT '',
    sales_key          TEXT      NOT NULL DEFAULT '',
    email              TEXT      NOT NULL DEFAULT '',
    first_name         TEXT      NOT NULL DEFAULT '',
    last_name          TEXT      NOT NULL DEFAULT '',
    display_name       TEXT      NOT NULL DEFAULT '',
    company            TEXT      NOT NULL DEFAULT '',
    company_key        TEXT      NOT NULL DEFAULT '',
    title              TEXT      NOT NULL DEFAULT '',
    seniority          TEXT      NOT NULL DEFAULT '',
    department         TEXT      NOT NULL DEFAULT '',
    location           TEXT      NOT NULL DEFAULT '',
    time_zone          TEXT      NOT NULL DEFAULT '',
    industry           TEXT      NOT NULL DEFAULT '',
    employees_min      INTEGER   NOT NULL DEFAULT 0,
    employees_max      INTEGER   NOT NULL DEFAULT 0,
    open_profile       BOOLEAN   NOT NULL DEFAULT FALSE,
    premium            BOOLEAN   NOT NULL DEFAULT FALSE,
    mutual_connections INTEGER   NOT NULL DEFAULT 0,
    score              INTEGER   NOT NULL DEFAULT 0,
    -- The per-rule explanation, a JSON array of {rule, points, why}.
    score_explanation  TEXT      NOT NULL DEFAULT '[]',
    -- The source's unmapped columns, a JSON object of snake_case name -> value.
    custom             TEXT      NOT NULL DEFAULT '{}',
    -- An opted-out lead stays (its history matters) but is never contacted again; its
    -- keys are also on the suppression list.
    opted_out_at       TIMESTAMP,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
-- The dashboard's list, best first, paged by (score, id).
CREATE INDEX leads_score ON leads (score DESC, id);
CREATE INDEX leads_seniority ON leads (seniority, score DESC, id);

-- Every canonical key of every lead: kind is "in", "sales" or "email", value the
-- canonical form. The primary key is the exact dedupe that the importer's in-memory
-- hash index only approximates.
--
-- WITHOUT ROWID is the one SQLite-only clause of the schema (PostgreSQL drops it): the
-- rows live in the primary-key tree itself instead of in a table plus an index, which
-- halves the writes of a million-lead import.
CREATE TABLE lead_keys (
    kind    TEXT    NOT NULL,
    value   TEXT    NOT NULL,
    lead_id INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    PRIMARY KEY (kind, value)
) WITHOUT ROWID;
CREATE INDEX lead_keys_lead ON lead_keys (lead_id);

-- Named lists (import batches, segments) and who is on them.
CREATE TABLE lists (
    id         INTEGER PRIMARY KEY,
    name       TEXT      NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE list_members (
    list_id  INTEGER   NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    lead_id  INTEGER   NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    added_at TIMESTAMP NOT NULL,
    PRIMARY KEY (list_id, lead_id)
);
CREATE INDEX list_members_lead ON list_members (lead_id);

-- People who must never be contacted or imported again, known only by the hash of a
-- canonical key ("in:" + hex SHA-256 of "in:slug", see lead.Key.Hash): an erased
-- person leaves nothing readable behind.
CREATE TABLE suppressions (
    id       INTEGER   PRIMARY KEY,
    key_hash TEXT      NOT NULL UNIQUE,
    reason   TEXT      NOT NULL,
    at       TIMESTAMP NOT NULL
);
