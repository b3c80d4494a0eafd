-- name: RecordEvent :one
-- A taken key returns no row.
INSERT INTO events (key, at, account, lead, type, kind, until)
VALUES (@key, @at, @account, @lead, @type, @kind, @until)
ON CONFLICT (key) DO NOTHING
RETURNING id;

-- name: EventIDByKey :one
SELECT id FROM events WHERE key = @key;

-- name: Events :many
-- [since, until), oldest first; rows at one instant in the order they were recorded.
SELECT * FROM events
WHERE account = @account AND at >= @since AND at < @until
ORDER BY at, id;
