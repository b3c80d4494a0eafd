-- 0011: held marks the enrollments whose step the engine holds for a person; the
-- PostgreSQL twin of store/sqlite/migrations/0011_held_enrollments.sql, which says why.
-- Account names sort byte by byte (COLLATE "C"), as the listing orders them.
ALTER TABLE enrollments ADD COLUMN held BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE enrollments SET held = TRUE
    WHERE state = 'waiting'
      AND CASE WHEN snapshot LIKE '{%' THEN (snapshot::jsonb ->> 'state') = '4' ELSE FALSE END;
CREATE INDEX enrollments_held ON enrollments (account COLLATE "C", id) WHERE held;
