package runtime_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/postgres"
)

// presenceOf says a worker is gone unless it is listed alive.
type presenceOf map[string]bool

func (p presenceOf) Hold(context.Context, string) (runtime.Held, error) { return nil, nil }
func (p presenceOf) Gone(_ context.Context, id string) (bool, error)    { return !p[id], nil }

// ReleaseGone hands back a running tick whose last taker is gone, and leaves alone
// the ticks a live worker runs, even one a gone worker took before it.
func TestReleaseGoneTicks(t *testing.T) {
	if os.Getenv("PACELINE_TEST_POSTGRES") == "" {
		t.Skip("PostgreSQL tests skipped: set PACELINE_TEST_POSTGRES=postgres://... to run them")
	}
	t.Parallel()
	ctx := context.Background()
	st := openPostgres(t).(*postgres.Store)
	jobs, err := runtime.NewPostgresJobs(st.Pool(), &runtime.Runner{}, runtime.Options{Presence: presenceOf{"alive": true}})
	if err != nil {
		t.Fatal(err)
	}
	if err := jobs.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	takers := map[string][]string{
		"seat-lost":  {"lost"},
		"seat-alive": {"alive"},
		"seat-again": {"lost", "alive"},
	}
	for account, by := range takers {
		if _, err := st.Pool().Exec(ctx, `INSERT INTO river_job (args, kind, max_attempts, state, attempt, attempted_at, attempted_by)
			VALUES (jsonb_build_object('account', $1::text), $2, 25, 'running', 1, now(), $3)`, account, runtime.TickArgs{}.Kind(), by); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	runtime.SetGoneClock(jobs, func() time.Time { return now })
	check := func(when string, want map[string]string) {
		t.Helper()
		if err := jobs.ReleaseGone(ctx); err != nil {
			t.Fatal(err)
		}
		for account, state := range want {
			var got string
			if err := st.Pool().QueryRow(ctx, `SELECT state::text FROM river_job WHERE args->>'account' = $1`, account).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != state {
				t.Errorf("%s: %s (taken by %v) is %s, want %s", when, account, takers[account], got, state)
			}
		}
	}
	// Found gone, but not for long enough: a worker that lost only its presence's
	// connection may still be cutting its ticks.
	check("first found gone", map[string]string{"seat-lost": "running", "seat-alive": "running", "seat-again": "running"})
	now = now.Add(9 * time.Second)
	check("gone for 9s", map[string]string{"seat-lost": "running"})
	now = now.Add(time.Second)
	check("gone for 10s", map[string]string{"seat-lost": "available", "seat-alive": "running", "seat-again": "running"})
}
