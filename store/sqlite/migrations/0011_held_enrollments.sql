-- 0011: held marks the enrollments whose step the engine holds for a person (the
-- snapshot's state is engine.Held, 4; the enrollment's own state stays 'waiting').
-- Listing held steps reads the few flagged rows through a partial index instead of
-- every running enrollment's snapshot. The tick writes the flag with the snapshot;
-- the rows saved before it are flagged here from their snapshots (an enrollment not
-- saved by a tick yet has an empty one).
ALTER TABLE enrollments ADD COLUMN held BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE enrollments SET held = TRUE
    WHERE state = 'waiting'
      AND CASE WHEN json_valid(snapshot) THEN json_extract(snapshot, '$.state') = 4 ELSE FALSE END;
CREATE INDEX enrollments_held ON enrollments (account, id) WHERE held;
