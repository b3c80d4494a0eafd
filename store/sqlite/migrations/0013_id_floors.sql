-- 0013: an id is never given twice. SQLite gives a new row the highest id + 1, and an
-- import numbers new leads after the highest stored one, so erasing or merging away the
-- newest lead, or removing the newest API token or webhook endpoint, handed its id to
-- the next one: a script or a CRM that kept lead 12 of an erased person then reached
-- someone else, and `tokens revoke 5` written for an old token revoked a new one.
-- id_floors keeps, per table, the highest id ever deleted (triggers record it), and new
-- ids start above it. Ids deleted before this migration cannot be known.
CREATE TABLE id_floors (
    name TEXT    NOT NULL PRIMARY KEY,
    last INTEGER NOT NULL
);
CREATE TRIGGER leads_id_floor AFTER DELETE ON leads BEGIN
    INSERT OR REPLACE INTO id_floors (name, last)
    VALUES ('leads', max(OLD.id, COALESCE((SELECT last FROM id_floors WHERE name = 'leads'), 0)));
END;
CREATE TRIGGER api_tokens_id_floor AFTER DELETE ON api_tokens BEGIN
    INSERT OR REPLACE INTO id_floors (name, last)
    VALUES ('api_tokens', max(OLD.id, COALESCE((SELECT last FROM id_floors WHERE name = 'api_tokens'), 0)));
END;
CREATE TRIGGER webhook_endpoints_id_floor AFTER DELETE ON webhook_endpoints BEGIN
    INSERT OR REPLACE INTO id_floors (name, last)
    VALUES ('webhook_endpoints', max(OLD.id, COALESCE((SELECT last FROM id_floors WHERE name = 'webhook_endpoints'), 0)));
END;
