package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline/store/storetest"
)

// A campaign paused before migration 0022 began its pause when it was last changed:
// the instant the webhook relay keyed its campaign_paused by, so it is not told again.
func TestCampaignPausedBeforePausedAt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	u := newSchema(t)
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	storetest.SeedPausedBeforePausedAt(t, migrationFiles, func(q string) error {
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
	storetest.CheckPauseBeganBeforePausedAt(t, s)
}
