package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/paceline/paceline/store/storetest"
)

// Migration 0010 moves twelve columns of a stored lead into details; the lead reads
// back the same.
func TestMigrationKeepsLeadDetails(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "p.db")
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string) error {
		_, err := db.Exec(q)
		return err
	}
	storetest.SchemaAt(t, migrationFiles, 9, exec)
	if err := exec(`INSERT INTO leads ` + storetest.LeadsBeforeDetailsColumns + ` ` + storetest.LeadsBeforeDetailsValues); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.CheckLeadDetailsKept(t, s)
}
