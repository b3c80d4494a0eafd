package runtime_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
	"github.com/paceline/paceline/sim"
)

// The runtime checks a rendered note against the account type's length (300 on Sales
// Navigator) and applies the step's fallback, as the simulator does, and signs texts
// with the account's sender name: a lead whose long name would push the note over the
// limit is invited without a note, and the other lead's note ends with the name.
func TestRuntimeChecksTheNoteLengthAndSigns(t *testing.T) {
	t.Parallel()
	eachDialect(t, runtimeChecksTheNoteLengthAndSigns)
}

func runtimeChecksTheNoteLengthAndSigns(t *testing.T, open func(testing.TB) testStore) {
	ctx := context.Background()
	st := open(t)
	names := addSeats(t, st, 1, start.Add(-30*24*time.Hour))
	acct, err := st.Account(ctx, names[0])
	if err != nil {
		t.Fatal(err)
	}
	acct.SenderName = "Zoë"
	if err := st.UpdateAccount(ctx, acct); err != nil {
		t.Fatal(err)
	}
	seq := "name: long\nsteps:\n  - id: connect\n    invite:\n      note: \"Hi {{first_name}}, " + strings.Repeat("x", 250) +
		" {{sender_first_name | default: \\\"\\\"}}\"\n      fallback: plain\n    wait_for: {event: accepted, timeout: 7d, on_timeout: stop}\n"
	c := &paceline.Campaign{Name: "long", Sequence: seq, Accounts: names, State: paceline.CampaignActive}
	if err := st.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	var recs []paceline.EnrollmentRecord
	for key, first := range map[string]string{"long-name": strings.Repeat("L", 60), "short-name": "Al"} {
		l := &paceline.Lead{ProfileKey: key, FirstName: first, Score: 50}
		recs = append(recs, paceline.EnrollmentRecord{Lead: key, Account: names[0], LeadFacts: runtime.FactsOf(l), Started: start})
	}
	if _, err := st.AddEnrollments(ctx, "long", recs); err != nil {
		t.Fatal(err)
	}
	v := &virtual{now: start}
	rec := &recorder{Platform: sim.NewPlatform(sim.DefaultParams(), 1, st), sent: map[string][]engine.Text{}}
	r := &runtime.Runner{Store: st, Clock: v, Executor: rec, Events: nil, Seed: 1}
	runtimetest.TickFor(t, r, names[0], &v.now, 8*time.Hour)
	long, short := rec.notes("long-name"), rec.notes("short-name")
	if len(long) != 1 || long[0] != "" {
		t.Errorf("the long-named lead's invites carried %q; want one invite without a note (over 300 characters once rendered)", long)
	}
	if len(short) != 1 || !strings.HasSuffix(short[0], " Zoë") || len([]rune(short[0])) > 300 {
		t.Errorf("the short-named lead's note: %q; want one note signed Zoë, within 300 characters", short)
	}
}
