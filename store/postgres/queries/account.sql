-- name: CreateAccount :one
INSERT INTO accounts
    (name, type, executor, state, time_zone, hours_start, hours_end, working_days,
     min_gap_ns, safety, opened_at, sender_name, connections, connections_at,
     inmail_credits, inmail_credits_at, created_at, updated_at)
VALUES (@name, @type, @executor, @state, @time_zone, @hours_start, @hours_end, @working_days,
        @min_gap_ns, @safety, @opened_at, @sender_name, @connections, @connections_at,
        @inmail_credits, @inmail_credits_at, @created_at, @updated_at)
RETURNING id;

-- name: UpdateAccount :execrows
UPDATE accounts SET
    name = @name, type = @type, executor = @executor, state = @state,
    time_zone = @time_zone, hours_start = @hours_start, hours_end = @hours_end,
    working_days = @working_days, min_gap_ns = @min_gap_ns, safety = @safety,
    opened_at = @opened_at, sender_name = @sender_name, connections = @connections,
    connections_at = @connections_at, inmail_credits = @inmail_credits,
    inmail_credits_at = @inmail_credits_at, updated_at = @updated_at
WHERE id = @id;

-- name: AccountByName :one
SELECT * FROM accounts WHERE name = @name;

-- name: ListAccounts :many
-- Names sort byte by byte (COLLATE "C"), as SQLite and Go sort them, whatever the
-- database's collation.
SELECT * FROM accounts ORDER BY name COLLATE "C";

-- name: InsertAccountCap :exec
INSERT INTO account_caps (account_id, kind, weekly_cap) VALUES (@account_id, @kind, @weekly_cap);

-- name: DeleteAccountCaps :exec
DELETE FROM account_caps WHERE account_id = @account_id;

-- name: AccountCaps :many
SELECT * FROM account_caps WHERE account_id = @account_id;

-- name: ListAccountCaps :many
SELECT * FROM account_caps;
