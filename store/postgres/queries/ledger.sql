-- name: RecordAction :one
INSERT INTO actions (key, at, account, kind, lead, result, with_note, campaign, step)
VALUES (@key, @at, @account, @kind, @lead, @result, @with_note, @campaign, @step)
RETURNING id;

-- name: Actions :many
-- [since, until), oldest first; rows at one instant in the order they were recorded.
SELECT * FROM actions
WHERE account = @account AND at >= @since AND at < @until
ORDER BY at, id;
