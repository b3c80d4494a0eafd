package runtime_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/storetest"
)

// hookStore runs after once, the first time a tick has read the account's running
// enrollments: what another process did between the tick's read and its outbox write.
type hookStore struct {
	testStore
	account string
	after   func()
}

func (h *hookStore) RunningEnrollments(ctx context.Context, account string) ([]paceline.EnrollmentRecord, error) {
	recs, err := h.testStore.RunningEnrollments(ctx, account)
	if err == nil && account == h.account && h.after != nil {
		after := h.after
		h.after = nil
		after()
	}
	return recs, err
}

// An import that merges Carl's two leads while cb's tick holds his enrollment, read
// before the import committed, stops that enrollment: the tick must not send its
// invite. Without the outbox's check at the plan, cb's seat invites Carl, and ca's
// seat, whose enrollment the merge kept, invites him again. The import reports the
// enrollment it stopped.
func TestMergeDuringTickDropsTheStoppedStep(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		ctx := context.Background()
		st := open(t)
		names := mergeRepro(t, st)
		v := &virtual{now: start}
		var rep *lead.ImportReport
		h := &hookStore{testStore: st, account: names[1]}
		r := newRunner(h, v)
		for _, name := range names {
			if _, err := r.Tick(ctx, name); err != nil {
				t.Fatal(err)
			}
		}
		v.now = start.Add(3 * time.Hour) // the invites are due
		h.after = func() {
			var err error
			rep, err = storetest.ImportCSV(ctx, st.(storetest.LeadStore), "first_name,last_name,profile_url,sales_navigator_url\n"+
				"Carl,Nu,https://www.linkedin.com/in/carl-nu,https://www.linkedin.com/sales/lead/ACwAAAzzz111\n", lead.ImportOptions{})
			if err != nil {
				t.Error(err)
			}
		}
		if _, err := r.Tick(ctx, names[1]); err != nil {
			t.Fatal(err)
		}
		if rep == nil {
			t.Fatal("the tick of cb's seat never read its enrollments")
		}
		if rep.Merged != 1 || rep.EnrollmentsStopped != 1 {
			t.Errorf("the import merged %d and stopped %d enrollments, want 1 and 1", rep.Merged, rep.EnrollmentsStopped)
		}
		if _, err := r.Tick(ctx, names[0]); err != nil {
			t.Fatal(err)
		}
		for i, want := range []int{1, 0} {
			acts, err := st.Actions(ctx, names[i], start.Add(-time.Hour), v.now.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			for _, a := range acts {
				if a.Kind == paceline.KindInvite && a.Result == paceline.ResultDone {
					got++
				}
			}
			if got != want {
				t.Errorf("%s sent %d invites, want %d: %+v", names[i], got, want, acts)
			}
			planned, err := st.PlannedActions(ctx, names[i])
			if err != nil || len(planned) != 0 {
				t.Errorf("%s left planned actions: %+v %v", names[i], planned, err)
			}
		}
		// The tick saved its enrollments after the import: the stopped one keeps the
		// merge's reason rather than coming back to life.
		counts, _, err := st.CampaignCounts(ctx, "cb")
		if err != nil {
			t.Fatal(err)
		}
		if counts[paceline.EnrollmentStopped] != 1 {
			t.Errorf("cb's enrollments: %v, want 1 stopped", counts)
		}
		running, err := st.RunningEnrollments(ctx, names[1])
		if err != nil || len(running) != 0 {
			t.Errorf("cb still runs on %s: %+v %v", names[1], running, err)
		}
	})
}

// An opt-out that arrives after the outbox asked the suppression list and before it
// planned the action holds the action back all the same: the plan checks the list in
// its own statement, and the sequence stops as an opted-out lead's does.
func TestOptOutAfterReadyCheckStopsTheStep(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		ctx := context.Background()
		st := open(t)
		names := mergeRepro(t, st)
		v := &virtual{now: start}
		h := &suppressHook{testStore: st}
		r := newRunner(h, v)
		if _, err := r.Tick(ctx, names[0]); err != nil {
			t.Fatal(err)
		}
		v.now = start.Add(3 * time.Hour)
		h.armed = true
		if _, err := r.Tick(ctx, names[0]); err != nil {
			t.Fatal(err)
		}
		if !h.fired {
			t.Fatal("the tick never asked the suppression list")
		}
		acts, err := st.Actions(ctx, names[0], start.Add(-time.Hour), v.now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range acts {
			if a.Kind == paceline.KindInvite {
				t.Errorf("an invite went to the opted-out lead: %+v", a)
			}
		}
		running, err := st.RunningEnrollments(ctx, names[0])
		if err != nil || len(running) != 0 {
			t.Errorf("ca still runs on %s: %+v %v", names[0], running, err)
		}
		counts, _, err := st.CampaignCounts(ctx, "ca")
		if err != nil || counts[paceline.EnrollmentStopped] != 1 {
			t.Errorf("ca's enrollments: %v %v, want 1 stopped", counts, err)
		}
	})
}

// suppressHook puts carl-nu on the suppression list right after the first check of
// the list it answers once armed: the opt-out lands between the check and the plan.
type suppressHook struct {
	testStore
	armed, fired bool
}

func (h *suppressHook) IsSuppressed(ctx context.Context, keys ...lead.Key) (bool, error) {
	out, err := h.testStore.IsSuppressed(ctx, keys...)
	if h.armed && !h.fired && err == nil {
		for _, k := range keys {
			if strings.Contains(k.Value, "carl-nu") {
				h.fired = true
				if err := h.testStore.SuppressKeys(ctx, []lead.Key{k}, "opted out"); err != nil {
					return false, err
				}
			}
		}
	}
	return out, err
}
