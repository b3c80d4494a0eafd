-- 0010: the fields of a lead that no query filters, sorts or joins on go into one
-- column, details, a JSON array; the PostgreSQL twin of
-- store/sqlite/migrations/0010_lead_details.sql, which says why.
ALTER TABLE leads ADD COLUMN details TEXT NOT NULL DEFAULT '[]';
UPDATE leads SET details = json_build_array(display_name, company, company_key, department,
    location, time_zone, industry, employees_min, employees_max, open_profile, premium,
    mutual_connections)::text;
ALTER TABLE leads DROP COLUMN display_name, DROP COLUMN company, DROP COLUMN company_key,
    DROP COLUMN department, DROP COLUMN location, DROP COLUMN time_zone,
    DROP COLUMN industry, DROP COLUMN employees_min, DROP COLUMN employees_max,
    DROP COLUMN open_profile, DROP COLUMN premium, DROP COLUMN mutual_connections;
