-- 0024: the actions of a campaign by account and time. campaigns status reads which
-- accounts acted for a campaign and since when (CampaignFirstActions) and counts its
-- actions (CampaignCounts); both scanned the whole ledger, half of a status's 0.6 s on
-- a ledger of 300,000 actions.
CREATE INDEX actions_campaign ON actions (campaign, account, at);
