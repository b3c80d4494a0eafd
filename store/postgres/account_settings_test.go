package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline/store/storetest"
)

// An account stored before migration 0020 has no settings history until its first
// change of pacing, which records the settings it had until then.
func TestAccountBeforeSettingsHistory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	u := newSchema(t)
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	storetest.SeedAccountBeforeHistory(t, migrationFiles, func(q string) error {
		_, err := conn.Exec(ctx, q)
		return err
	})
	conn.Close(ctx)
	s, err := Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.NowFunc = func() time.Time { return storetest.Clock }
	storetest.CheckHistoryFromFirstChange(t, s)
}
