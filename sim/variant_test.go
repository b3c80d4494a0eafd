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

// messageVariantSequence is a plain invite, then a first message in three variants.
const messageVariantSequence = `
name: ab-message
steps:
  - id: connect
    invite: {}
    wait_for: {event: accepted, timeout: 21d, on_timeout: withdraw}
  - id: hello
    delay: 1h
    if: connected
    message:
      variants:
        - {id: thanks, body: "Thanks for connecting, {{first_name}}!"}
        - {id: question, body: "Thanks for connecting, {{first_name}}. What is {{company}} focused on this quarter?"}
        - {id: pitch, body: "Hi {{first_name}}, we help teams like {{company}} book more meetings. Demo?"}
`

// variantRun runs an A/B campaign with the given split and returns the run and how
// many actions of the tested kind went out (invites with a note, or messages).
func variantRun(t *testing.T, src string, lifts map[string]float64, kind paceline.ActionKind, seed uint64, even bool) (*Result, int) {
	t.Helper()
	seq, err := sequence.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	seats, err := ParseSeats("sales-navigator:2")
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultParams()
	p.VariantLift = lifts // hidden from the engine
	res, err := Run(context.Background(), Config{
		Accounts: seats, Leads: Leads(1500, rand.New(rand.NewPCG(seed, 9))), Sequence: seq,
		Weeks: 5, Seed: seed, Strategy: Paceline, Params: &p, SplitEvenly: even,
	})
	if err != nil {
		t.Fatal(err)
	}
	sends := 0
	for _, a := range res.Ledger.Actions {
		if a.Kind == kind && a.Result == paceline.ResultDone && (kind != paceline.KindInvite || a.WithNote) {
			sends++
		}
	}
	return res, sends
}

// TestBanditBeatsEvenSplit runs the same campaign, leads and seeds with Thompson
// sampling and with a fixed even split over three variants, of an invite note (goal:
// accepted) and of a first message (goal: replied). The same number of invites or
// messages go out under both, and the bandit, steering toward the better text as
// answers come in, gets more accepts or replies on average.
func TestBanditBeatsEvenSplit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		src   string
		lifts map[string]float64
		kind  paceline.ActionKind
		goal  func(*Result) int
	}{
		{"invite note", variantSequence, map[string]float64{"connect/plain": 0, "connect/warm": 0.5, "connect/pitch": -0.4},
			paceline.KindInvite, func(r *Result) int { return r.Accepted }},
		{"first message", messageVariantSequence, map[string]float64{"hello/thanks": 0, "hello/question": 0.7, "hello/pitch": -0.5},
			paceline.KindMessage, func(r *Result) int { return r.Replied }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			const seeds = 6
			var banditGoals, evenGoals, banditSends, evenSends, wins int
			for seed := uint64(1); seed <= seeds; seed++ {
				b, bs := variantRun(t, tc.src, tc.lifts, tc.kind, seed, false)
				e, es := variantRun(t, tc.src, tc.lifts, tc.kind, seed, true)
				if bs != es {
					t.Errorf("seed %d: %d sends under the bandit, %d under the even split; want the same sends", seed, bs, es)
				}
				banditGoals += tc.goal(b)
				evenGoals += tc.goal(e)
				banditSends += bs
				evenSends += es
				if tc.goal(b) > tc.goal(e) {
					wins++
				}
			}
			t.Logf("%s over %d seeds: bandit %d successes from %d sends (%.1f%%), even split %d from %d (%.1f%%): %+.1f%%; bandit ahead in %d of %d seeds",
				tc.name, seeds, banditGoals, banditSends, 100*float64(banditGoals)/float64(banditSends),
				evenGoals, evenSends, 100*float64(evenGoals)/float64(evenSends),
				100*(float64(banditGoals)/float64(evenGoals)-1), wins, seeds)
			if banditGoals <= evenGoals {
				t.Errorf("bandit %d, even split %d: the bandit should win on average", banditGoals, evenGoals)
			}
		})
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

func TestRunCountsHeldAndFallbacks(t *testing.T) {
	t.Parallel()
	seq, err := sequence.Parse([]byte(`
name: needs-fields
steps:
  - id: connect
    invite:
      note: "Hi {{first_name}}, I saw {{company}} is hiring; as {{title}} you probably see this too. I {run|lead} a small group of sales leaders who compare notes monthly on what works for teams like yours. Would you like to connect?"
      fallback: plain
    wait_for: {event: accepted, timeout: 21d, on_timeout: withdraw}
  - id: hello
    delay: 1d
    if: connected
    message: "Thanks {{first_name}}, how is {{industry}} treating you?"
`))
	if err != nil {
		t.Fatal(err)
	}
	seats, err := ParseSeats("free:1,sales-navigator:1")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Config{Accounts: seats, Leads: Leads(200, rand.New(rand.NewPCG(2, 2))),
		Sequence: seq, Weeks: 4, Seed: 2, Strategy: Paceline})
	if err != nil {
		t.Fatal(err)
	}
	// Synthetic leads have no industry: every accepted lead's message waits for a
	// person; the free seat's 200 characters cannot hold the note for long titles.
	if res.Held == 0 || res.Held > res.Unfinished || res.Held > res.Accepted {
		t.Errorf("held %d (unfinished %d, accepted %d): want the accepted leads held at the message", res.Held, res.Unfinished, res.Accepted)
	}
	if res.Actions["message"] != 0 {
		t.Errorf("%d messages went out with a blank field", res.Actions["message"])
	}
	if res.TextFallbacks == 0 {
		t.Error("no invite fell back to plain, but the note is too long for a free account's 200 characters")
	}
}
