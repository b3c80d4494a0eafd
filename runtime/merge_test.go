package runtime_test

import (
	"context"
	"strings"
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
	names := mergeRepro(t, st)
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
	mergeCarl(t, st)
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

// A step of the stopped enrollment handed to a person (an assisted account's task)
// is closed by the desk with the merge's reason: the person would otherwise send the
// second invite by hand. The kept campaign's task stays.
func TestMergeClosesTheStoppedEnrollmentsTask(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		ctx := context.Background()
		st := open(t)
		names := mergeRepro(t, st)
		mergeCarl(t, st)
		stopped := runtime.LeadStopped(st)
		for i, c := range []struct{ campaign, ref, want string }{{"ca", "carl-nu", ""}, {"cb", "sales:ACwAAAzzz111", "merged into lead"}} {
			why, err := stopped(ctx, &paceline.Task{Account: names[i], Lead: c.ref, Campaign: c.campaign, Kind: paceline.KindInvite,
				CreatedAt: start, Due: start})
			if err != nil {
				t.Fatal(err)
			}
			if (c.want == "") != (why == "") || !strings.Contains(why, c.want) {
				t.Errorf("the task of %s in %s: stopped %q, want %q", c.ref, c.campaign, why, c.want)
			}
		}
	})
}

// mergeRepro stores QA's setup: Carl imported by profile into list A and by Sales
// Navigator id into list B, enrolled in campaign ca on the first of two seats and cb on
// the second, a minute later. It returns the seats.
func mergeRepro(t *testing.T, st testStore) []string {
	t.Helper()
	ctx := context.Background()
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
	return names
}

// mergeCarl imports the row that names both of Carl's URLs: it merges his two leads.
func mergeCarl(t *testing.T, st testStore) {
	t.Helper()
	rep, err := storetest.ImportCSV(context.Background(), st.(storetest.LeadStore), "first_name,last_name,profile_url,sales_navigator_url\n"+
		"Carl,Nu,https://www.linkedin.com/in/carl-nu,https://www.linkedin.com/sales/lead/ACwAAAzzz111\n", lead.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Merged != 1 {
		t.Fatalf("the third file merged %d leads, want 1", rep.Merged)
	}
}
