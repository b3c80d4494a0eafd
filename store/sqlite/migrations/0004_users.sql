-- 0004: dashboard users, API tokens and login sessions.
--
-- Independent of 0003's tables: it applies after 0002 or 0003 alike. Secrets are never
-- stored: a password as a PBKDF2 hash, a token and a session cookie as the hex SHA-256
-- of their random value (see paceline.HashSecret).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT      NOT NULL UNIQUE,
    password_hash TEXT      NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT      NOT NULL,
    prefix       TEXT      NOT NULL,
    token_hash   TEXT      NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_hash TEXT      NOT NULL UNIQUE,
    csrf         TEXT      NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
