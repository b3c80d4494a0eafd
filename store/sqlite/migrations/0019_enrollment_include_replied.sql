-- 0019: include_replied marks an enrollment started with campaigns start
-- --include-replied, which enrolls leads who replied before on purpose. Only there
-- does the tick take an answer dated before the enrollment started for the lead's old
-- conversation and let it run (runtime.Starts.Predates); a plain start's lead who
-- answered before it (a reply recorded late) is stopped. The enrollments stored
-- before this column were started without it, as far as anyone can tell: FALSE.
ALTER TABLE enrollments ADD COLUMN include_replied BOOLEAN NOT NULL DEFAULT FALSE;
