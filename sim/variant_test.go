package sim

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/sequence"
)

// variantSequence is an invite with three note variants, then a thank-you message.
const variantSequence = `
name: ab
steps:
  - id: connect
    invite:
      variants:
        - {id: plain, note: "Hi {{first_name}}, glad to connect."}
        - {id: warm, note: "Hi {{first_name}}, I enjoyed reading about {{company}} and would be glad to connect."}
        - {id: pitch, note: "Hi {{first_name}}, we help teams like {{company}} grow pipeline. Open to a chat?"}
    wait_for: {event: accepted, timeout: 21d, on_timeout: withdraw}
  - id: hello
    delay: 1d
    if: connected
    message: "Thanks for connecting, {{first_name}}!"
`

// variantRun runs the A/B campaign with the given split and returns the run and the
// invites that carried a note.
func variantRun(t *testing.T, seed uint64, even bool) (*Result, int) {
	t.Helper()
	seq, err := sequence.Parse([]byte(variantSequence))
	if err != nil {
		t.Fatal(err)
	}
	seats, err := ParseSeats("sales-navigator:2")
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultParams()
	// Hidden lifts, unknown to the engine: warm is clearly better, pitch worse.
	p.VariantLift = map[string]float64{"connect/plain": 0, "connect/warm": 0.5, "connect/pitch": -0.4}
	res, err := Run(context.Background(), Config{
		Accounts: seats, Leads: Leads(1500, rand.New(rand.NewPCG(seed, 9))), Sequence: seq,
		Weeks: 5, Seed: seed, Strategy: Paceline, Params: &p, SplitEvenly: even,
	})
	if err != nil {
		t.Fatal(err)
	}
	notes := 0
	for _, a := range res.Ledger.Actions {
		if a.Kind == paceline.KindInvite && a.Result == paceline.ResultDone && a.WithNote {
			notes++
		}
	}
	return res, notes
}

// TestBanditBeatsEvenSplit runs the same campaign, leads and seeds with Thompson
// sampling and with a fixed even split over three note variants: the same number of
// invites go out (the weekly caps bind), and the bandit, steering toward the better
// note as accepts come in, gets more of them accepted on average.
func TestBanditBeatsEvenSplit(t *testing.T) {
	t.Parallel()
	const seeds = 6
	var banditAccepts, evenAccepts, banditNotes, evenNotes int
	wins := 0
	for seed := uint64(1); seed <= seeds; seed++ {
		b, bn := variantRun(t, seed, false)
		e, en := variantRun(t, seed, true)
		if bn != en {
			t.Errorf("seed %d: %d invites with a note under the bandit, %d under the even split; want the same sends", seed, bn, en)
		}
		banditAccepts += b.Accepted
		evenAccepts += e.Accepted
		banditNotes += bn
		evenNotes += en
		if b.Accepted > e.Accepted {
			wins++
		}
	}
	bRate := float64(banditAccepts) / float64(banditNotes)
	eRate := float64(evenAccepts) / float64(evenNotes)
	t.Logf("over %d seeds: bandit %d accepts from %d invites (%.1f%%), even split %d from %d (%.1f%%): %+.1f%% accepts; bandit ahead in %d of %d seeds",
		seeds, banditAccepts, banditNotes, 100*bRate, evenAccepts, evenNotes, 100*eRate,
		100*(float64(banditAccepts)/float64(evenAccepts)-1), wins, seeds)
	if banditAccepts <= evenAccepts {
		t.Errorf("bandit %d accepts, even split %d: the bandit should win on average", banditAccepts, evenAccepts)
	}
}

func TestVariantLiftIsFixedBySeed(t *testing.T) {
	t.Parallel()
	p := DefaultParams()
	p.VariantLift = map[string]float64{"connect/a": 0.7}
	li, err := NewLinkedIn(p, 3, rand.New(rand.NewPCG(1, 1)), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := NewLinkedIn(p, 3, rand.New(rand.NewPCG(1, 1)), nil, nil)
	other, _ := NewLinkedIn(p, 4, rand.New(rand.NewPCG(1, 1)), nil, nil)
	if got := li.VariantLift("connect", "a"); got != 0.7 {
		t.Errorf("fixed lift = %v, want 0.7", got)
	}
	b := li.VariantLift("connect", "b")
	if b == 0 || b != again.VariantLift("connect", "b") || b == other.VariantLift("connect", "b") {
		t.Errorf("drawn lift %v: want non-zero, the same for the same seed, different for another", b)
	}
	if b == li.VariantLift("hello", "b") {
		t.Error("the same variant id on two steps drew the same lift")
	}
}

func TestMemberByEnrollmentNumber(t *testing.T) {
	t.Parallel()
	leads := Leads(3, rand.New(rand.NewPCG(1, 1)))
	leads = append(leads, leads[1]) // a duplicate: the key names the last copy
	li, err := NewLinkedIn(DefaultParams(), 1, rand.New(rand.NewPCG(1, 1)), nil, leads)
	if err != nil {
		t.Fatal(err)
	}
	li.bind(1, "sim-000001")
	li.bind(2, "sim-000002")
	li.bind(9, "nobody") // unknown keys are not bound
	for _, tc := range []struct {
		key        string
		enrollment int64
		want       int32
		ok         bool
	}{
		{"sim-000001", 1, 0, true},
		{"sim-000002", 2, 3, true},  // the duplicate's last copy, as the key map says
		{"sim-000003", 1, 2, true},  // a number bound to another lead: found by key
		{"sim-000003", 0, 2, true},  // no number
		{"sim-000003", 99, 2, true}, // a number out of range
		{"nobody", 9, 0, false},
	} {
		got, ok := li.member(tc.key, tc.enrollment)
		if got != tc.want || ok != tc.ok {
			t.Errorf("member(%s, %d) = %d, %v; want %d, %v", tc.key, tc.enrollment, got, ok, tc.want, tc.ok)
		}
	}
}
