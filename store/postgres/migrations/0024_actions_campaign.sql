-- 0024: the actions of a campaign by account and time; the PostgreSQL twin of
-- store/sqlite/migrations/0024_actions_campaign.sql, which says why.
CREATE INDEX actions_campaign ON actions (campaign, account, at);
