package runtime_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/postgres/pgtest"
	"github.com/paceline/paceline/store/sqlite"
)

// testStore is what the tests use of a store: the runtime's Store and the campaign
// methods the commands call.
type testStore interface {
	runtime.Store
	paceline.TaskStore
	CreateCampaign(ctx context.Context, c *paceline.Campaign) error
	AddEnrollments(ctx context.Context, campaign string, recs []paceline.EnrollmentRecord) (int, error)
	CampaignCounts(ctx context.Context, name string) (map[paceline.EnrollmentState]int, map[paceline.ActionKind]int, error)
	DuplicateSteps(ctx context.Context) ([]paceline.Action, error)
	SuppressKeys(ctx context.Context, keys []lead.Key, reason string) error
	Close() error
}

// dialects returns a store opener per database: SQLite always, PostgreSQL when
// PACELINE_TEST_POSTGRES names a server (the log says when it does not).
func dialects(tb testing.TB) map[string]func(tb testing.TB) testStore {
	m := map[string]func(tb testing.TB) testStore{"sqlite": openSQLite}
	if os.Getenv("PACELINE_TEST_POSTGRES") != "" {
		m["postgres"] = openPostgres
	} else {
		tb.Log("PostgreSQL tests skipped: set PACELINE_TEST_POSTGRES=postgres://... to run them")
	}
	return m
}

// eachDialect runs fn as a parallel subtest on every store dialects gives, with the
// function that opens a fresh store of it.
func eachDialect(t *testing.T, fn func(t *testing.T, open func(testing.TB) testStore)) {
	for name, open := range dialects(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, open)
		})
	}
}

func openSQLite(tb testing.TB) testStore {
	tb.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "p.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// openPostgres opens a store in a schema of its own, dropped when the test ends.
func openPostgres(tb testing.TB) testStore {
	tb.Helper()
	db, _ := pgtest.Schema(tb, os.Getenv("PACELINE_TEST_POSTGRES"), "rt_")
	st, err := postgres.Open(context.Background(), db)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// addSeats creates simulated accounts that may act at any hour of any day.
func addSeats(tb testing.TB, st testStore, n int, created time.Time) []string {
	tb.Helper()
	var names []string
	for i := range n {
		a := &paceline.Account{
			Name: fmt.Sprintf("seat-%d", i), Type: paceline.TypeSalesNavigator, Executor: paceline.ExecutorSim,
			State: paceline.AccountActive, TimeZone: "UTC", Hours: paceline.DefaultWorkingHours,
			Days: paceline.DefaultWorkingDays, MinGap: paceline.DefaultMinGap, Safety: 0.95, CreatedAt: created,
		}
		if err := st.CreateAccount(context.Background(), a); err != nil {
			tb.Fatal(err)
		}
		names = append(names, a.Name)
	}
	return names
}
