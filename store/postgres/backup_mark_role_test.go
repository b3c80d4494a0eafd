package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"testing"
)

// Serve and worker check the restore mark with RestoredFrom on every start. It ran
// CREATE TABLE IF NOT EXISTS database_identity each time, and PostgreSQL checks the
// schema's CREATE privilege before it looks whether the table exists, so a role that
// may read and write paceline's tables but not create any (migrations run by the
// owner; PostgreSQL 15 no longer grants CREATE on public to everyone) was refused at
// every start with "permission denied for schema public", though the database is the
// live one and its mark is there (review).
func TestRestoredFromNeedsNoCreatePrivilege(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	base := serverURL(t)
	var b [4]byte
	rand.Read(b[:]) // never fails
	role := "revapp_" + hex.EncodeToString(b[:])
	admin(t, base, "CREATE ROLE "+role+" LOGIN")
	t.Cleanup(func() { admin(t, base, "DROP ROLE IF EXISTS "+role) })
	name, dbURL := newDatabase(t, "revdml_")
	owner, err := Open(ctx, dbURL) // migrates and marks the database, as paceline migrate does
	if err != nil {
		t.Fatal(err)
	}
	if _, err := owner.pool.Exec(ctx, `GRANT CONNECT ON DATABASE `+name+` TO `+role+`;
		GRANT USAGE ON SCHEMA public TO `+role+`;
		GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO `+role+`;
		GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO `+role); err != nil {
		t.Fatal(err)
	}
	owner.Close()
	u, _ := url.Parse(dbURL)
	u.User = url.User(role)
	app, err := OpenCurrent(ctx, u.String())
	if err != nil {
		t.Fatalf("open as a role that reads and writes the tables: %v", err)
	}
	defer app.Close()
	from, err := app.RestoredFrom(ctx)
	if err != nil {
		t.Fatalf("the live database's restore check as a role without CREATE: %v", err)
	}
	if from != nil {
		t.Fatalf("the live database taken for a copy of %v", from)
	}
}
