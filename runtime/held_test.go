package runtime_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
)

// A message whose template needs a company the lead lacks is held by the tick, not
// sent: the list shows it with a sentence naming the step and the field. Resuming
// before the lead is fixed renders it again and holds it again; once the leads store
// has the company, resuming wakes the account and its next tick sends the message
// with it.
func TestHeldStepResumes(t *testing.T) {
	t.Parallel()
	eachDialect(t, heldStepResumes)
}

func heldStepResumes(t *testing.T, open func(testing.TB) testStore) {
	ctx := context.Background()
	st := open(t)
	names := addSeats(t, st, 1, start.Add(-30*24*time.Hour))
	if err := st.CreateCampaign(ctx, &paceline.Campaign{Name: "held", Sequence: runtimetest.HeldSequence, Accounts: names, State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	leads := map[string]*paceline.Lead{
		"ada": {ProfileKey: "ada", FirstName: "Ada"},
		"bob": {ProfileKey: "bob", FirstName: "Bob", Company: "Brix"},
	}
	var recs []paceline.EnrollmentRecord
	for _, k := range []string{"ada", "bob"} {
		recs = append(recs, paceline.EnrollmentRecord{Lead: k, Account: names[0], LeadFacts: runtime.FactsOf(leads[k]), Started: start})
	}
	if _, err := st.AddEnrollments(ctx, "held", recs); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	v := &virtual{now: start}
	x := &runtimetest.Bodies{}
	r := &runtime.Runner{Store: st, Clock: v, Executor: x, Seed: 1}
	var woken []string
	h := &runtime.HeldSteps{Store: st.(runtime.HeldStore),
		LeadFunc: func(_ context.Context, key string) (*paceline.Lead, error) {
			mu.Lock()
			defer mu.Unlock()
			if l := leads[key]; l != nil {
				c := *l
				return &c, nil
			}
			return nil, paceline.Errorf(paceline.ENOTFOUND, "no lead %s", key)
		},
		WakeFunc: func(_ context.Context, account string) error {
			woken = append(woken, account)
			return nil
		}}
	run := func(d time.Duration) {
		t.Helper()
		runtimetest.TickFor(t, r, names[0], &v.now, d)
	}

	run(12 * time.Hour)
	if got := x.Of("bob"); len(got) != 1 || got[0] != "Hi Bob, how is Brix doing?" {
		t.Fatalf("bob was sent %q", got)
	}
	if got := x.Of("ada"); len(got) != 0 {
		t.Fatalf("ada, whose company is blank, was sent %q", got)
	}
	list, err := h.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 {
		t.Fatalf("held %+v, want ada's step only", list)
	}
	first := list[0]
	if first.Campaign != "held" || first.Lead != "ada" || first.Account != names[0] || first.Step != "hello" || first.Resuming ||
		first.Since.Before(start) || first.Since.After(v.now) {
		t.Errorf("held step %+v", first)
	}
	if !strings.Contains(first.Why, "step hello") || !strings.Contains(first.Why, `"company"`) || !strings.Contains(first.Why, "held for review") {
		t.Errorf("why %q should name step hello and the company field, and say it is held", first.Why)
	}
	if !strings.Contains(first.Todo, "fill the lead's company in") {
		t.Errorf("todo %q should say to fill the company in", first.Todo)
	}

	// Not held: bob runs (his next step waits), cy has no enrollment.
	if _, err := h.Resume(ctx, "held", "bob"); paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Errorf("resume bob: %v, want ECONFLICT", err)
	}
	if _, err := h.Resume(ctx, "held", "cy"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("resume cy: %v, want ENOTFOUND", err)
	}

	// Resumed before the lead is fixed: rendered again, held again, nothing sent.
	v.now = v.now.Add(time.Hour)
	if got, err := h.Resume(ctx, "held", "ada"); err != nil || !got.Resuming {
		t.Fatalf("resume ada: %+v, %v", got, err)
	}
	run(24 * time.Hour)
	if got := x.Of("ada"); len(got) != 0 {
		t.Fatalf("ada was sent %q before her company was filled in", got)
	}
	list, err = h.List(ctx)
	if err != nil || len(list) != 1 || list[0].Resuming || !list[0].Since.After(first.Since) {
		t.Fatalf("after a resume with the company still blank: %+v, %v (first held %s)", list, err, first.Since)
	}

	// The lead is fixed in the leads store: the list says so, and resuming sends.
	mu.Lock()
	leads["ada"].Company = "Acme"
	mu.Unlock()
	list, err = h.List(ctx)
	if err != nil || len(list) != 1 || !strings.Contains(list[0].Todo, "filled in now") {
		t.Fatalf("after the fix: %+v, %v", list, err)
	}
	woken = nil
	if _, err := h.Resume(ctx, "held", "ada"); err != nil {
		t.Fatal(err)
	}
	if len(woken) != 1 || woken[0] != names[0] {
		t.Errorf("woken %v, want the account %s", woken, names[0])
	}
	run(24 * time.Hour) // the InMail goes out in the next slot the Pacer grants
	if got := x.Of("ada"); len(got) != 1 || got[0] != "Hi Ada, how is Acme doing?" {
		t.Fatalf("ada was sent %q after the fix, want the message with her company", got)
	}
	if list, err := h.List(ctx); err != nil || len(list) != 0 {
		t.Fatalf("still held after the resume: %+v, %v", list, err)
	}
	if _, err := h.Resume(ctx, "held", "ada"); paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Errorf("resume ada again: %v, want ECONFLICT", err)
	}
}

// The store lists the enrollments flagged held, and the snapshot has the last word:
// a flag left set on an enrollment that is no longer held shows no task, and resuming
// it is a conflict, as before the flag existed.
func TestHeldListChecksSnapshot(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		heldListChecksSnapshot(t, open(t))
	})
}

func heldListChecksSnapshot(t *testing.T, st testStore) {
	ctx := context.Background()
	names := addSeats(t, st, 2, start)
	if err := st.CreateCampaign(ctx, &paceline.Campaign{Name: "held", Sequence: runtimetest.HeldSequence, Accounts: names, State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	// Ada, enrolled first, runs on the second account: the list still goes account
	// by account (cy's first), as each hold began at the same instant.
	var recs []paceline.EnrollmentRecord
	for i, k := range []string{"ada", "bob", "cy"} {
		l := &paceline.Lead{ProfileKey: k, FirstName: k}
		recs = append(recs, paceline.EnrollmentRecord{Lead: k, Account: names[max(0, 1-i)], LeadFacts: runtime.FactsOf(l), Started: start})
	}
	if _, err := st.AddEnrollments(ctx, "held", recs); err != nil {
		t.Fatal(err)
	}
	for i, state := range []int{4, 1, 4} { // bob's flag is stale: his snapshot waits for an event
		running, err := st.RunningEnrollments(ctx, recs[i].Account)
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range running {
			if rec.Lead == recs[i].Lead {
				rec.State, rec.Held, rec.Snapshot = paceline.EnrollmentWaiting, true, storedSnapshot(state)
				if err := st.SaveTick(ctx, rec.Account, []paceline.EnrollmentRecord{rec}, 0, start); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	h := &runtime.HeldSteps{Store: st.(runtime.HeldStore)}
	list, err := h.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range list {
		got = append(got, s.Account+"/"+s.Lead)
	}
	if want := names[0] + "/cy " + names[1] + "/ada"; strings.Join(got, " ") != want {
		t.Errorf("held %v, want %v", got, want)
	}
	if _, err := h.Resume(ctx, "held", "bob"); paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Errorf("resume bob, whose flag is stale: %v, want ECONFLICT", err)
	}
	if s, err := h.Resume(ctx, "held", "cy"); err != nil || s.Lead != "cy" || !s.Resuming {
		t.Errorf("resume cy: %+v, %v", s, err)
	}
}
