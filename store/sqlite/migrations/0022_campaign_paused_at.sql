-- 0022: when a paused campaign's pause began (NULL unless paused). The webhook relay
-- keys each campaign_paused by it; it keyed them by updated_at, which a second pause
-- of the paused campaign (with another reason, or the engine's, of a campaign a
-- person paused while its tick ran) moves, so one pause was told twice. A pause of a paused campaign keeps it;
-- a start or a stop clears it. A campaign paused before this migration was told
-- keyed by its updated_at, so that is when its pause began.
ALTER TABLE campaigns ADD COLUMN paused_at TIMESTAMP;
UPDATE campaigns SET paused_at = updated_at WHERE state = 'paused';
