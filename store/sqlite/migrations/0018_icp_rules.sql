-- 0018: the ICP rules in force, as the user set them (leads score --icp FILE, leads
-- import --icp FILE, leads score --learn): one row, or none while the built-in rules
-- apply. yaml is the text score.Parse accepted when it was set; every import (the
-- API's and the dashboard's too) and every rescoring reads it, so that rules the user
-- set are not forgotten by the next command that scores.
CREATE TABLE icp_rules (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    yaml   TEXT      NOT NULL,
    source TEXT      NOT NULL,
    set_at TIMESTAMP NOT NULL
);
