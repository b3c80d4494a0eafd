package sim

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestLowAcceptancePausesTheCampaign: with a platform where almost nobody accepts, the
// engine pauses the campaign's invites and says why; with the default model the same
// run goes on unpaused.
func TestLowAcceptancePausesTheCampaign(t *testing.T) {
	t.Parallel()
	seats := mustSeats(t, "free:2")
	leads := Leads(3000, rand.New(rand.NewPCG(21, 22)))
	low := DefaultParams()
	low.AcceptBase = 0.02
	tests := []struct {
		name   string
		params *Params
		paused bool
	}{
		{"default model", nil, false},
		{"very low acceptance", &low, true},
	}
	invites := map[bool]int{}
	for _, tt := range tests {
		res := mustRun(t, Config{Accounts: seats, Leads: leads, Weeks: 8, Seed: 21, Strategy: Paceline, Params: tt.params})
		invites[tt.paused] = res.Actions["invite"]
		if got := res.PausedReason != ""; got != tt.paused {
			t.Errorf("%s: paused %v (%q), want %v", tt.name, got, res.PausedReason, tt.paused)
		}
		if tt.paused && !strings.Contains(res.PausedReason, "over the last 50 invites, below the campaign's 15%") {
			t.Errorf("%s: reason %q does not say the window and the floor", tt.name, res.PausedReason)
		}
	}
	t.Logf("invites: paused run %d, unpaused run %d", invites[true], invites[false])
	// Paused, the campaign stops inviting well before the unpaused run does.
	if invites[true] >= invites[false]/2 {
		t.Errorf("paused run sent %d invites, unpaused %d: want the pause to hold most back", invites[true], invites[false])
	}
}
