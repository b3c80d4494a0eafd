-- 0010: the fields of a lead that no query filters, sorts or joins on go into one
-- column, details, a JSON array (store/internal/leadrow.DetailsJSON gives the order):
-- display_name, company, company_key, department, location, time_zone, industry,
-- employees_min, employees_max, open_profile, premium, mutual_connections.
--
-- Every value a statement binds costs the pure-Go driver about a quarter of a
-- microsecond (a C copy, a bind, an unbind), whatever its size: a lead row with 12
-- values instead of 23 is what a million-row import spends most of its time on. The
-- array is built here with SQLite's JSON functions, the PostgreSQL twin with its own.
ALTER TABLE leads ADD COLUMN details TEXT NOT NULL DEFAULT '[]';
UPDATE leads SET details = json_array(display_name, company, company_key, department,
    location, time_zone, industry, employees_min, employees_max,
    json(CASE WHEN open_profile THEN 'true' ELSE 'false' END),
    json(CASE WHEN premium THEN 'true' ELSE 'false' END), mutual_connections);
ALTER TABLE leads DROP COLUMN display_name;
ALTER TABLE leads DROP COLUMN company;
ALTER TABLE leads DROP COLUMN company_key;
ALTER TABLE leads DROP COLUMN department;
ALTER TABLE leads DROP COLUMN location;
ALTER TABLE leads DROP COLUMN time_zone;
ALTER TABLE leads DROP COLUMN industry;
ALTER TABLE leads DROP COLUMN employees_min;
ALTER TABLE leads DROP COLUMN employees_max;
ALTER TABLE leads DROP COLUMN open_profile;
ALTER TABLE leads DROP COLUMN premium;
ALTER TABLE leads DROP COLUMN mutual_connections;
