-- 0019: include_replied marks an enrollment started with campaigns start
-- --include-replied; the PostgreSQL twin of
-- store/sqlite/migrations/0019_enrollment_include_replied.sql, which says why.
ALTER TABLE enrollments ADD COLUMN include_replied BOOLEAN NOT NULL DEFAULT FALSE;
