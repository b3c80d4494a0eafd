package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/paceline/paceline/store/storetest"
)

// Migration 0011 flags the enrollments that ticks saved held before the flag existed.
func TestMigrationFlagsHeldEnrollments(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "p.db")
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	storetest.SeedHeldBeforeFlag(t, migrationFiles, func(q string) error {
		_, err := db.Exec(q)
		return err
	})
	db.Close()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.CheckHeldFlagged(t, s)
}
