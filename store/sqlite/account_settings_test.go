package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/paceline/paceline/store/storetest"
)

// An account stored before migration 0020 has no settings history until its first
// change of pacing, which records the settings it had until then.
func TestAccountBeforeSettingsHistory(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "p.db")
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	storetest.SeedAccountBeforeHistory(t, migrationFiles, func(q string) error {
		_, err := db.Exec(q)
		return err
	})
	db.Close()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.NowFunc = func() time.Time { return storetest.Clock }
	storetest.CheckHistoryFromFirstChange(t, s)
}
