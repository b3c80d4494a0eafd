-- 0017: the API tokens revoked, kept by id (with the user's and the token's names and
-- when), so that revoking one again says it was revoked and when instead of "no token
-- has id N". The token's hash is not kept: a revoked token authenticates nothing.
CREATE TABLE revoked_tokens (
    id         BIGINT PRIMARY KEY,
    user_name  TEXT        NOT NULL,
    name       TEXT        NOT NULL,
    revoked_at TIMESTAMPTZ NOT NULL
);
