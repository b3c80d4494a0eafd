package runtime_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
	"github.com/paceline/paceline/sim"
)

// abSequence tests two invite notes on acceptance and two message bodies, frozen on
// the second, on replies.
const abSequence = `name: ab
steps:
  - id: connect
    invite:
      variants:
        - {id: short, note: "Hi {{first_name}}, glad to connect."}
        - {id: warm, note: "Hello {{first_name}}, I read your posts and would be glad to connect."}
    wait_for: {event: accepted, timeout: 7d, on_timeout: stop}
  - id: hello
    delay: 1d
    message:
      variants:
        - {id: a, body: "Thanks for connecting, {{first_name}}."}
        - {id: b, body: "Good to be connected, {{first_name}}."}
      freeze: b
`

// The variant report counts, per variant, the invites the ledger shows done and the
// accepts that followed them, as the simulated platform produced them through ticks; its
// figures are probabilities; the same store gives the same report twice.
func TestVariantReportCountsTheLedger(t *testing.T) {
	t.Parallel()
	eachDialect(t, variantReportCountsTheLedger)
}

func variantReportCountsTheLedger(t *testing.T, open func(testing.TB) testStore) {
	ctx := context.Background()
	st := open(t)
	names := abCampaign(t, st)
	var recs []paceline.EnrollmentRecord
	for i := range 40 {
		l := &paceline.Lead{ProfileKey: fmt.Sprintf("lead-%03d", i), FirstName: "Ada", Score: 30 + i%60}
		recs = append(recs, paceline.EnrollmentRecord{Lead: l.ProfileKey, Account: names[0], LeadFacts: runtime.FactsOf(l), Started: start})
	}
	if _, err := st.AddEnrollments(ctx, "ab", recs); err != nil {
		t.Fatal(err)
	}
	v := &virtual{now: start}
	rec := &recorder{Platform: sim.NewPlatform(sim.DefaultParams(), 1, st), sent: map[string][]engine.Text{}}
	r := &runtime.Runner{Store: st, Clock: v, Executor: rec, Events: rec.Platform, Seed: 1}
	runtimetest.TickFor(t, r, names[0], &v.now, 14*24*time.Hour)

	// What the ledger and the recorded notes say: each done invite's variant by its
	// note, and which of those leads accepted.
	acts, err := st.Actions(ctx, names[0], start, v.now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	evs, err := st.Events(ctx, names[0], start, v.now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	accepted := map[string]bool{}
	for _, e := range evs {
		if e.Type == paceline.EventAccepted {
			accepted[e.Lead] = true
		}
	}
	sends, wins, messages := map[string]int{}, map[string]int{}, 0
	for _, a := range acts {
		if a.Campaign != "ab" || a.Result != paceline.ResultDone {
			continue
		}
		if a.Step == "hello" {
			messages++
		}
		if a.Step != "connect" {
			continue
		}
		notes := rec.notes(a.Lead)
		if len(notes) == 0 {
			t.Fatalf("%s: a done invite without a recorded note", a.Lead)
		}
		id := "short"
		if strings.HasPrefix(notes[0], "Hello") {
			id = "warm"
		}
		sends[id]++
		// Every accept counts, one that comes after the invite's wait_for (7 days)
		// ended the enrollment too.
		if accepted[a.Lead] {
			wins[id]++
		}
	}
	if sends["short"] == 0 || sends["warm"] == 0 || wins["short"]+wins["warm"] == 0 || messages == 0 {
		t.Fatalf("the campaign did not run through: sends %v, accepts %v, messages %d", sends, wins, messages)
	}

	vs, ok := st.(runtime.VariantStore)
	if !ok {
		t.Fatalf("%T cannot list a campaign's snapshots", st)
	}
	got, err := runtime.VariantReport(ctx, vs, "ab")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Step != "connect" || got[0].Goal != paceline.EventAccepted || got[0].Frozen != "" ||
		got[1].Step != "hello" || got[1].Goal != paceline.EventReplied || got[1].Frozen != "b" {
		t.Fatalf("steps: %+v", got)
	}
	for _, vr := range got[0].Variants {
		// Successes are what the engine credited in the snapshots: every accept, even
		// one that arrived ticks after its invite (the engine is restored each tick) or
		// after its enrollment ended.
		if vr.Sends != sends[vr.ID] || vr.Successes != wins[vr.ID] || vr.Frozen {
			t.Errorf("connect/%s: %d sends, %d successes, frozen %v; the ledger has %d done invites and %d accepts",
				vr.ID, vr.Sends, vr.Successes, vr.Frozen, sends[vr.ID], wins[vr.ID])
		}
	}
	hello := got[1].Variants
	if len(hello) != 2 || hello[0].Sends != 0 || hello[1].Sends != messages || !hello[1].Frozen || hello[0].Frozen {
		t.Errorf("hello, frozen on b: %+v; the ledger has %d done messages", hello, messages)
	}
	for _, s := range got {
		for _, vr := range s.Variants {
			for _, f := range []float64{vr.Mean, vr.Low, vr.High, vr.ProbBest} {
				if f < 0 || f > 1 {
					t.Errorf("%s/%s: %v is not a probability: %+v", s.Step, vr.ID, f, vr)
				}
			}
			if vr.Low > vr.Mean || vr.Mean > vr.High {
				t.Errorf("%s/%s: the mean is outside its interval: %+v", s.Step, vr.ID, vr)
			}
		}
	}
	again, err := runtime.VariantReport(ctx, vs, "ab")
	if err != nil || fmt.Sprint(again) != fmt.Sprint(got) {
		t.Errorf("a second report differs: %+v, %v", again, err)
	}
	if _, err := runtime.VariantReport(ctx, vs, "nope"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("unknown campaign: %v", err)
	}
}

// snapshotStore is a VariantStore over hand-written snapshots.
type snapshotStore struct {
	seq   string
	snaps []string
}

func (s snapshotStore) Campaign(_ context.Context, name string) (*paceline.Campaign, error) {
	if name != "ab" {
		return nil, paceline.Errorf(paceline.ENOTFOUND, "no campaign named %q", name)
	}
	return &paceline.Campaign{Name: name, Sequence: s.seq}, nil
}

func (s snapshotStore) CampaignSnapshots(context.Context, string) ([]string, error) {
	return s.snaps, nil
}

// Each variant's successes are the snapshots' credited goals: only of sends, only of
// the step they belong to, a variant no longer in the step dropped.
func TestVariantReportCountsSuccesses(t *testing.T) {
	t.Parallel()
	use := func(step, variant string, sent, success bool) string {
		return fmt.Sprintf(`{"step":%q,"variant":%q,"sent":%v,"success":%v}`, step, variant, sent, success)
	}
	var snaps []string
	add := func(n int, uses ...string) {
		for range n {
			snaps = append(snaps, `{"step":1,"variants":[`+strings.Join(uses, ",")+`]}`)
		}
	}
	add(3, use("connect", "short", true, true), use("hello", "b", true, false))
	add(2, use("connect", "short", true, false))
	add(4, use("connect", "warm", true, true), use("hello", "b", true, true))
	add(1, use("connect", "warm", false, false)) // chosen, never sent
	add(2, use("connect", "gone", true, true))   // since removed from the step
	add(1)                                       // no variant yet
	got, err := runtime.VariantReport(context.Background(), snapshotStore{seq: abSequence, snaps: snaps}, "ab")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int{"connect/short": {5, 3}, "connect/warm": {4, 4}, "hello/a": {0, 0}, "hello/b": {7, 4}}
	seen := 0
	for _, s := range got {
		for _, vr := range s.Variants {
			w, ok := want[s.Step+"/"+vr.ID]
			if !ok || vr.Sends != w[0] || vr.Successes != w[1] {
				t.Errorf("%s/%s: %d sends, %d successes; want %v", s.Step, vr.ID, vr.Sends, vr.Successes, w)
			}
			seen++
		}
	}
	if seen != len(want) {
		t.Errorf("report has %d variants, want %d: %+v", seen, len(want), got)
	}
	if w := got[0].Variants[1]; w.Mean <= got[0].Variants[0].Mean || w.ProbBest <= 0.5 {
		t.Errorf("4 of 4 should lead 3 of 5: %+v", got[0].Variants)
	}
}
