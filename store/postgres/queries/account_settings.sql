-- name: InsertAccountSettings :exec
INSERT INTO account_settings_history (account_id, since, settings) VALUES (@account_id, @since, @settings);

-- name: LatestAccountSettings :many
-- At most one row: the settings in force last (many, so that none is no error).
SELECT since, settings FROM account_settings_history
WHERE account_id = @account_id
ORDER BY since DESC, id DESC
LIMIT 1;

-- name: AccountSettingsHistory :many
SELECT h.since, h.settings FROM account_settings_history h
JOIN accounts a ON a.id = h.account_id
WHERE a.name = @name
ORDER BY h.since, h.id;

-- name: AccountForUpdate :one
-- The account as stored, locked until the update that reads it commits.
SELECT * FROM accounts WHERE id = @id FOR UPDATE;
