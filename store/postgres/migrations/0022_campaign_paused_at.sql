-- 0022: when a paused campaign's pause began (NULL unless paused); the PostgreSQL twin
-- of store/sqlite/migrations/0022_campaign_paused_at.sql, which says why.
ALTER TABLE campaigns ADD COLUMN paused_at TIMESTAMPTZ;
UPDATE campaigns SET paused_at = updated_at WHERE state = 'paused';
