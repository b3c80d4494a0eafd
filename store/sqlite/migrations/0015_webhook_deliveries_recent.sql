-- 0015: an endpoint's latest deliveries, which the dashboard's Webhooks page shows.
-- The outbox is never pruned, so without this index each look read and sorted every
-- delivery the endpoint ever had.
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (endpoint, created_at);
