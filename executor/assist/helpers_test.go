package assist_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/store/sqlite"
)

// clock is a settable virtual clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

// newDesk opens a fresh database with one assist account in zone tz, working
// 09:00-17:00 Monday to Friday, and returns a Desk on it.
func newDesk(t testing.TB, tz string, at time.Time) (*assist.Desk, *sqlite.Store, *clock) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c := &clock{t: at}
	st.NowFunc = c.Now
	acct := &paceline.Account{
		Name: "alice", Type: paceline.TypeFree, Executor: paceline.ExecutorAssist, TimeZone: tz,
		Hours: paceline.WorkingHours{Start: 9 * 60, End: 17 * 60}, Days: paceline.DefaultWorkingDays,
		MinGap: paceline.DefaultMinGap, Safety: 1,
	}
	if err := st.CreateAccount(ctx, acct); err != nil {
		t.Fatal(err)
	}
	return &assist.Desk{Store: st, NowFunc: c.Now}, st, c
}

// handOff does what the runtime's outbox does with a due action: the executor first,
// then the ledger with the executor's result.
func handOff(t *testing.T, d *assist.Desk, st *sqlite.Store, a paceline.Action, note string) *paceline.Task {
	t.Helper()
	ctx := context.Background()
	out, err := d.ExecuteText(ctx, a, textOf(a.Kind, note))
	if err != nil {
		t.Fatal(err)
	}
	a.Result = out.Result
	if err := st.RecordAction(ctx, &a); err != nil {
		t.Fatal(err)
	}
	task, err := st.TaskByKey(ctx, a.Key)
	if err != nil {
		t.Fatal(err)
	}
	return task
}

// counted returns how many of the account's ledger actions count against the
// allowance.
func counted(t *testing.T, st *sqlite.Store) int {
	t.Helper()
	acts, err := st.Actions(context.Background(), "alice", time.Time{}, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := range acts {
		if acts[i].Counts() {
			n++
		}
	}
	return n
}
