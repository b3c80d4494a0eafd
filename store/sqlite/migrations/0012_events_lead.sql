-- 0012: events by lead. A tick applies, besides its own account's events, the answers
-- (replied, opted_out, bounced) that other accounts recorded for the leads it runs
-- sequences for: a reply by email to one account stops the same person's LinkedIn
-- sequence on another. It finds them through this index, from its running enrollments.
CREATE INDEX events_lead ON events (lead);
