package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/paceline/paceline/store/storetest"
)

// A campaign paused before migration 0022 began its pause when it was last changed:
// the instant the webhook relay keyed its campaign_paused by, so it is not told again.
func TestCampaignPausedBeforePausedAt(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "p.db")
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	storetest.SeedPausedBeforePausedAt(t, migrationFiles, func(q string) error {
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
	storetest.CheckPauseBeganBeforePausedAt(t, s)
}
