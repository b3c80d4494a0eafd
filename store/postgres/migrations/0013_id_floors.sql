-- 0013: an id is never given twice. An import numbers new leads after the highest
-- stored one, so erasing or merging away the newest lead handed its id to the next new
-- lead: a script or a CRM that kept lead 12 of an erased person then reached someone
-- else. id_floors keeps, per table, the highest id ever deleted (a trigger records it),
-- and new lead ids start above it. (Tokens and webhook endpoints take their ids from
-- identity sequences, which never give one twice.) Ids deleted before this migration
-- cannot be known.
CREATE TABLE id_floors (
    name TEXT   NOT NULL PRIMARY KEY,
    last BIGINT NOT NULL
);
CREATE FUNCTION record_id_floor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO id_floors (name, last) VALUES (TG_TABLE_NAME, OLD.id)
    ON CONFLICT (name) DO UPDATE SET last = GREATEST(id_floors.last, EXCLUDED.last);
    RETURN NULL;
END
$$;
CREATE TRIGGER leads_id_floor AFTER DELETE ON leads FOR EACH ROW EXECUTE FUNCTION record_id_floor();
