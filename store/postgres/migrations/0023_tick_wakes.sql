-- 0023: how many times each account's tick was asked to run now; the PostgreSQL twin
-- of store/sqlite/migrations/0023_tick_wakes.sql, which says why.
CREATE TABLE tick_wakes (
    account TEXT PRIMARY KEY,
    wakes   BIGINT NOT NULL
);
