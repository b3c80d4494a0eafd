package postgres

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline/store/storetest"
)

// Migration 0010 moves twelve columns of a stored lead into details; the lead reads
// back the same.
func TestMigrationKeepsLeadDetails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	u := newSchema(t)
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string) error {
		_, err := conn.Exec(ctx, q)
		return err
	}
	storetest.SchemaAt(t, migrationFiles, 9, exec)
	if err := exec(`INSERT INTO leads ` + storetest.LeadsBeforeDetailsColumns + ` OVERRIDING SYSTEM VALUE ` + storetest.LeadsBeforeDetailsValues); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)

	s, err := Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.CheckLeadDetailsKept(t, s)
}
