package runtime_test

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/storetest"
)

// mergeSequence is QA's: a two-hour wait, then an invite.
const mergeSequence = `name: wait-then-invite
steps:
  - id: connect
    delay: 2h
    invite: {}
`

// QA's repro: one person imported by profile into list A and by Sales Navigator id
// into list B runs in campaign ca on one account and cb on another; a file naming
// both merges the two leads while the campaigns run. The ticks that follow send the
// person one invite, from the campaign that started first, not one from each account.
func TestMergedLeadGetsOneInvite(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		for _, before := range []time.Duration{0, time.Hour} {
			t.Run("merged after "+before.String(), func(t *testing.T) {
				mergedLeadGetsOneInvite(t, open, before)
			})
		}
	})
}

func mergedLeadGetsOneInvite(t *testing.T, open func(testing.TB) testStore, before time.Duration) {
	ctx := context.Background()
	st := open(t)
	imp, ok := st.(storetest.LeadStore)
	if !ok {
		t.Fatalf("%T cannot import leads", st)
	}
	importCSV := func(csv, list string) *lead.ImportReport {
		t.Helper()
		rep, err := storetest.ImportCSV(ctx, imp, csv, lead.ImportOptions{List: list})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	importCSV("first_name,last_name,profile_url\nCarl,Nu,https://www.linkedin.com/in/carl-nu\n", "A")
	importCSV("first_name,last_name,profile_url\nCarl,Nu,https://www.linkedin.com/sales/lead/ACwAAAzzz111\n", "B")
	names := addSeats(t, st, 2, start.Add(-30*24*time.Hour))
	for i, c := range []struct{ campaign, list, kind, key string }{
		{"ca", "A", "in", "carl-nu"},
		{"cb", "B", "sales", "ACwAAAzzz111"},
	} {
		if err := st.CreateCampaign(ctx, &paceline.Campaign{Name: c.campaign, List: c.list, Sequence: mergeSequence,
			Accounts: []string{names[i]}, State: paceline.CampaignActive}); err != nil {
			t.Fatal(err)
		}
		l, err := imp.LeadByKey(ctx, c.kind, c.key)
		if err != nil {
			t.Fatal(err)
		}
		rec := paceline.EnrollmentRecord{Lead: engine.LeadKey(l), Account: names[i], LeadFacts: runtime.FactsOf(l),
			Started: start.Add(time.Duration(i) * time.Minute)}
		if n, err := st.AddEnrollments(ctx, c.campaign, []paceline.EnrollmentRecord{rec}); err != nil || n != 1 {
			t.Fatalf("enroll %s in %s: %d, %v", rec.Lead, c.campaign, n, err)
		}
	}
	v := &virtual{now: start}
	r := newRunner(st, v)
	tickBoth := func(d time.Duration) {
		end := v.now.Add(d)
		for v.now.Before(end) {
			for _, name := range names {
				if _, err := r.Tick(ctx, name); err != nil {
					t.Fatal(err)
				}
			}
			v.now = v.now.Add(5 * time.Minute)
		}
	}
	tickBoth(before)
	rep := importCSV("first_name,last_name,profile_url,sales_navigator_url\n"+
		"Carl,Nu,https://www.linkedin.com/in/carl-nu,https://www.linkedin.com/sales/lead/ACwAAAzzz111\n", "")
	if rep.Merged != 1 {
		t.Fatalf("the third file merged %d leads, want 1", rep.Merged)
	}
	tickBoth(24 * time.Hour)
	invites := 0
	for _, name := range names {
		acts, err := st.Actions(ctx, name, start.Add(-time.Hour), v.now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range acts {
			if a.Kind != paceline.KindInvite || a.Result != paceline.ResultDone {
				continue
			}
			invites++
			if name != names[0] || a.Campaign != "ca" {
				t.Errorf("%s invited %s for campaign %s, want only %s for ca, which started first", name, a.Lead, a.Campaign, names[0])
			}
		}
	}
	if invites != 1 {
		t.Errorf("Carl got %d invites after the merge, want 1", invites)
	}
	running, err := st.RunningEnrollments(ctx, names[1])
	if err != nil || len(running) != 0 {
		t.Errorf("cb still runs on %s: %+v %v", names[1], running, err)
	}
}
