package runtime_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/sim"
)

// crash makes one store call fail, once armed, as if the process had died there.
type crash struct {
	testStore
	at    string // "sim", "complete" or "save"
	armed bool
}

var errCrash = errors.New("simulated crash")

func (c *crash) SimRecord(ctx context.Context, a paceline.Action) (paceline.Action, bool, error) {
	if c.armed && c.at == "before-executor" {
		return paceline.Action{}, false, errCrash
	}
	return c.testStore.SimRecord(ctx, a)
}

func (c *crash) CompleteAction(ctx context.Context, a *paceline.Action) error {
	if c.armed && (c.at == "before-executor" || c.at == "after-executor") {
		return errCrash
	}
	return c.testStore.CompleteAction(ctx, a)
}

func (c *crash) SaveTick(ctx context.Context, account string, recs []paceline.EnrollmentRecord, id int64, at time.Time) error {
	if c.armed && c.at == "before-save" {
		return errCrash
	}
	return c.testStore.SaveTick(ctx, account, recs, id, at)
}

// A tick that dies at any point of the outbox (after the plan and before the platform
// acts, after the platform acted and before the ledger knows, after the ledger and
// before the enrollments are saved) loses nothing and sends nothing twice: the next
// ticks reconcile by key, and in the end the platform carried out exactly what the
// ledger holds as done, once per key.
func TestOutboxSurvivesCrashes(t *testing.T) {
	t.Parallel()
	for _, at := range []string{"before-executor", "after-executor", "before-save"} {
		for name, open := range dialects(t) {
			t.Run(at+"/"+name, func(t *testing.T) {
				t.Parallel()
				ctx := context.Background()
				base := fixture(t, open, 1, 12)
				st := &crash{testStore: base, at: at}
				v := &virtual{now: start}
				pl := sim.NewPlatform(sim.DefaultParams(), 1, st)
				r := newRunner(st, v)
				r.Store, r.Executor, r.Events = st, pl, pl
				crashes := 0
				for i := 0; v.now.Before(start.Add(10 * 24 * time.Hour)); i++ {
					st.armed = i%3 == 1 // every third tick dies
					res, err := r.Tick(ctx, "seat-0")
					if err != nil {
						if !errors.Is(err, errCrash) {
							t.Fatal(err)
						}
						crashes++
						v.now = v.now.Add(time.Minute)
						continue
					}
					if res.Wake.IsZero() || !res.Wake.After(v.now) {
						v.now = v.now.Add(time.Hour)
					} else {
						v.now = res.Wake
					}
				}
				if crashes < 5 {
					t.Fatalf("only %d crashes: the test exercised too little", crashes)
				}
				st.armed = false
				if _, err := r.Tick(ctx, "seat-0"); err != nil {
					t.Fatal(err)
				}
				far := start.Add(365 * 24 * time.Hour)
				done, _ := base.SimActions(ctx, "seat-0", time.Time{}, far)
				ledger, _ := base.Actions(ctx, "seat-0", time.Time{}, far)
				count := map[string]int{}
				for _, a := range ledger {
					if a.Result == paceline.ResultDone {
						count[a.Key]++
					}
				}
				for _, a := range done {
					if count[a.Key] != 1 {
						t.Errorf("the platform did %s; the ledger has it done %d times", a.Key, count[a.Key])
					}
					delete(count, a.Key)
				}
				if len(count) > 0 {
					t.Errorf("done in the ledger, never carried out: %v", count)
				}
				if planned, _ := base.PlannedActions(ctx, "seat-0"); len(planned) > 0 {
					t.Errorf("still planned: %v", planned)
				}
				if dups, _ := base.DuplicateSteps(ctx); len(dups) > 0 {
					t.Errorf("steps sent twice: %v", dups)
				}
				if len(done) < 12 {
					t.Errorf("only %d actions carried out for 12 leads", len(done))
				}
			})
		}
	}
}

// Events delivered twice (the platform's answers are fetched again by every tick
// that covers their instant) are stored once and applied once.
func TestEventsRecordedOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := fixture(t, openSQLite, 1, 20)
	v := &virtual{now: start}
	r := newRunner(st, v)
	for v.now.Before(start.Add(6 * 24 * time.Hour)) {
		if _, err := r.Tick(ctx, "seat-0"); err != nil {
			t.Fatal(err)
		}
		v.now = v.now.Add(20 * time.Minute)
	}
	pl := sim.NewPlatform(sim.DefaultParams(), 1, st)
	want, _, err := pl.Events(ctx, "seat-0", time.Time{}, v.now)
	if err != nil {
		t.Fatal(err)
	}
	// Deliver every answer again, as a webhook retry or an overlapping poll would.
	for _, ev := range want {
		if recorded, err := st.RecordEvent(ctx, &ev); err != nil || recorded {
			t.Fatalf("event %s stored twice (%v)", ev.Key, err)
		}
	}
	got, err := st.Events(ctx, "seat-0", time.Time{}, v.now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || len(got) != len(want) {
		t.Fatalf("platform gave %d events, the database holds %d", len(want), len(got))
	}
}
