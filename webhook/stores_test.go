package webhook_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/postgres/pgtest"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/paceline/paceline/webhook"
)

// dbStore is what the tests on both databases use of a store.
type dbStore interface {
	runtime.Store
	paceline.WebhookStore
	webhook.CampaignReader
	webhook.RelayStore
	CreateCampaign(ctx context.Context, c *paceline.Campaign) error
	AddEnrollments(ctx context.Context, campaign string, recs []paceline.EnrollmentRecord) (int, error)
	Close() error
}

// eachDB runs fn as a parallel subtest on SQLite, and on PostgreSQL when
// PACELINE_TEST_POSTGRES names a server, with a fresh store whose clock reads *now.
func eachDB(t *testing.T, fn func(t *testing.T, st dbStore, now *time.Time)) {
	open := map[string]func(testing.TB, func() time.Time) dbStore{"sqlite": openSQLite}
	if os.Getenv("PACELINE_TEST_POSTGRES") != "" {
		open["postgres"] = openPostgres
	} else {
		t.Log("PostgreSQL tests skipped: set PACELINE_TEST_POSTGRES=postgres://... to run them")
	}
	for name, open := range open {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			now := t0
			fn(t, open(t, func() time.Time { return now }), &now)
		})
	}
}

func openSQLite(tb testing.TB, now func() time.Time) dbStore {
	tb.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "p.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	st.NowFunc = now
	return st
}

// openPostgres opens a store in a schema of its own, dropped when the test ends.
func openPostgres(tb testing.TB, now func() time.Time) dbStore {
	tb.Helper()
	db, _ := pgtest.Schema(tb, os.Getenv("PACELINE_TEST_POSTGRES"), "wh_")
	st, err := postgres.Open(context.Background(), db)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	st.NowFunc = now
	return st
}
