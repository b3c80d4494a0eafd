package sim

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestSeatCapOverridesPaceTheSeat: a seat with its own invite cap of 5 (an account
// with --cap invite=5) sends at most 5 invites in any rolling week under the paceline
// strategy, where the same seat at the preset sends many more; a baseline ignores the
// override.
func TestSeatCapOverridesPaceTheSeat(t *testing.T) {
	t.Parallel()
	leads := Leads(400, rand.New(rand.NewPCG(7, 8)))
	preset := mustSeats(t, "free:1")
	capped := mustSeats(t, "free:1")
	capped[0].Overrides = &Overrides{Caps: map[paceline.ActionKind]int{paceline.KindInvite: 5}}
	a := mustRun(t, Config{Accounts: preset, Leads: leads, Weeks: 6, Seed: 3, Strategy: Paceline})
	b := mustRun(t, Config{Accounts: capped, Leads: leads, Weeks: 6, Seed: 3, Strategy: Paceline})
	if a.Actions["invite"] <= 6*5 {
		t.Fatalf("the preset seat sent only %d invites in 6 weeks", a.Actions["invite"])
	}
	if n := b.Actions["invite"]; n == 0 || n > 6*5 {
		t.Errorf("the seat capped at 5 invites a week sent %d in 6 weeks", n)
	}
	var invites []time.Time
	for _, act := range b.Ledger.Actions {
		if act.Kind == paceline.KindInvite {
			invites = append(invites, act.At)
		}
	}
	for i := range invites {
		n := 0
		for _, at := range invites[:i+1] {
			if invites[i].Sub(at) < 7*24*time.Hour {
				n++
			}
		}
		if n > 5 {
			t.Fatalf("%d invites in the week up to %s, over the seat's cap of 5", n, invites[i])
		}
	}
	c := mustRun(t, Config{Accounts: capped, Leads: leads, Weeks: 6, Seed: 3, Strategy: Calendar})
	d := mustRun(t, Config{Accounts: preset, Leads: leads, Weeks: 6, Seed: 3, Strategy: Calendar})
	if c.Actions["invite"] != d.Actions["invite"] {
		t.Errorf("the calendar baseline sent %d invites with the override, %d without", c.Actions["invite"], d.Actions["invite"])
	}
}

// TestSeatLimitOverridesPaceTheSeat: a seat's daily_<kind> limit caps it over any 24 h
// and email=0 stops its email, as they do an account under serve.
func TestSeatLimitOverridesPaceTheSeat(t *testing.T) {
	t.Parallel()
	leads := Leads(400, rand.New(rand.NewPCG(7, 8)))
	seats := mustSeats(t, "free:1")
	seats[0].Overrides = &Overrides{
		Caps:   map[paceline.ActionKind]int{paceline.KindEmail: 0},
		Limits: map[string]int{paceline.LimitDailyPrefix + string(paceline.KindInvite): 2},
	}
	res := mustRun(t, Config{Accounts: seats, Leads: leads, Weeks: 4, Seed: 3, Strategy: Paceline})
	if res.Actions["email"] != 0 {
		t.Errorf("the seat with email=0 sent %d emails", res.Actions["email"])
	}
	var invites []time.Time
	for _, act := range res.Ledger.Actions {
		if act.Kind == paceline.KindInvite {
			invites = append(invites, act.At)
		}
	}
	if len(invites) == 0 {
		t.Fatal("the seat sent no invite")
	}
	for i := range invites {
		n := 0
		for _, at := range invites[:i+1] {
			if invites[i].Sub(at) < 24*time.Hour {
				n++
			}
		}
		if n > 2 {
			t.Fatalf("%d invites in the 24 h up to %s, over the seat's daily cap of 2", n, invites[i])
		}
	}
}
