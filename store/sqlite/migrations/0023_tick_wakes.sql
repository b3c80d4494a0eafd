-- 0023: how many times each account's tick was asked to run now (Jobs.Ensure with
-- now: a campaign started, an answer posted, an account resumed), from any process.
-- A tick reads it before it starts and again, in the transaction that ends its job,
-- after it: a request that came while it ran (and so found its job running, which
-- River cannot bring forward) makes it run again at once instead of sleeping until the
-- wake it planned from what it read, or ending with no job left when it found nothing
-- to do. runtime/jobs_wake.go reads and writes it.
CREATE TABLE tick_wakes (
    account TEXT PRIMARY KEY,
    wakes   INTEGER NOT NULL
);
