package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

const pauseSeq = `
name: pause
steps:
  - id: connect
    invite: {note: "Hi {{first_name}}"}
    wait_for: {event: accepted, timeout: 7d, on_timeout: stop}
  - id: hello
    if: connected
    message: "Thanks {{first_name}}"
`

// TestLowAcceptancePausesCampaign: a campaign whose invites are nearly all declined
// pauses with a reason once its window is full, sends no new invite while paused but
// still follows up with the lead who accepted, and leaves the other campaign on the
// same account alone; resuming sends the held invites and starts an empty window.
func TestLowAcceptancePausesCampaign(t *testing.T) {
	t.Parallel()
	w := &world{}
	g, err := New(Options{Executor: w, Ledger: w, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	sched := paceline.Schedule{Location: time.UTC, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 1<<7 - 1}
	if err := g.AddAccount(Account{Name: "a", Pacer: &gapPacer{gap: 10 * time.Minute, notes: -1}, Schedule: sched}); err != nil {
		t.Fatal(err)
	}
	seq := parseSeq(t, pauseSeq)
	for _, c := range []Campaign{
		{Name: "bad", Sequence: seq, Accounts: []string{"a"}, AcceptanceWindow: 10},
		{Name: "good", Sequence: seq, Accounts: []string{"a"}, AcceptanceWindow: 10},
	} {
		if err := g.AddCampaign(c); err != nil {
			t.Fatal(err)
		}
	}
	accepting := map[string]bool{"bad-00": true}
	w.react = func(a paceline.Action) []paceline.Event {
		if a.Kind != paceline.KindInvite {
			return nil
		}
		ev := paceline.Event{At: a.At.Add(time.Hour), Account: a.Account, Lead: a.Lead, Type: paceline.EventDeclined}
		if accepting[a.Lead] || strings.HasPrefix(a.Lead, "good-") {
			ev.Type = paceline.EventAccepted
		}
		return []paceline.Event{ev}
	}
	for i := range 30 {
		for _, c := range []string{"bad", "good"} {
			key := c + "-" + string(rune('0'+i/10)) + string(rune('0'+i%10))
			if _, err := g.Enroll(c, testLead(key), t0); err != nil {
				t.Fatal(err)
			}
		}
	}
	end := t0.Add(3 * 24 * time.Hour)
	w.run(t, g, end)

	const want = "acceptance 10% over the last 10 invites, below the campaign's 15%: review targeting or the note, then resume"
	if got := g.PausedReason("bad"); got != want {
		t.Fatalf("bad campaign paused reason %q, want %q", got, want)
	}
	if got := g.PausedReason("good"); got != "" {
		t.Errorf("good campaign paused: %q", got)
	}
	if got := g.PausedCampaigns(); len(got) != 1 || got["bad"] != want {
		t.Errorf("PausedCampaigns = %v, want only bad", got)
	}
	count := func(prefix string, k paceline.ActionKind) int {
		n := 0
		for _, a := range w.actions {
			if a.Kind == k && strings.HasPrefix(a.Lead, prefix) {
				n++
			}
		}
		return n
	}
	badInvites := count("bad-", paceline.KindInvite)
	// The tenth answer comes an hour after the tenth invite; a few more invites go
	// out in that hour, none after.
	if badInvites < 10 || badInvites >= 30 {
		t.Errorf("bad campaign sent %d invites, want the pause to hold back some of 30", badInvites)
	}
	if got := count("good-", paceline.KindInvite); got != 30 {
		t.Errorf("good campaign sent %d invites, want all 30", got)
	}
	if got := count("bad-00", paceline.KindMessage); got != 1 {
		t.Errorf("the lead who accepted got %d follow-ups, want 1 (follow-ups go on while paused)", got)
	}
	var pausedAt time.Time
	for _, a := range w.actions {
		if a.Kind == paceline.KindInvite && strings.HasPrefix(a.Lead, "bad-") {
			pausedAt = a.At
		}
	}

	// Resume: the held invites go out, and with everyone accepting it stays active.
	for i := range 30 {
		accepting["bad-"+string(rune('0'+i/10))+string(rune('0'+i%10))] = true
	}
	if err := g.ResumeCampaign("bad", end); err != nil {
		t.Fatal(err)
	}
	if got := g.PausedReason("bad"); got != "" {
		t.Errorf("after resume the reason is %q, want none", got)
	}
	w.run(t, g, end.Add(3*24*time.Hour))
	if got := count("bad-", paceline.KindInvite); got != 30 {
		t.Errorf("after resume the bad campaign sent %d invites in all, want 30", got)
	}
	if got := g.PausedReason("bad"); got != "" {
		t.Errorf("resumed campaign paused again: %q", got)
	}
	for _, a := range w.actions {
		if a.Kind == paceline.KindInvite && strings.HasPrefix(a.Lead, "bad-") && a.At.After(pausedAt) && a.At.Before(end) {
			t.Errorf("invite to %s at %s while paused", a.Lead, a.At)
		}
	}
	if err := g.ResumeCampaign("nope", end); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("resume unknown campaign: %v, want ENOTFOUND", err)
	}
}

// TestAcceptanceWindow checks the rolling window: it pauses only once full, only
// below the floor, and forgets the oldest answers; a negative floor never pauses.
func TestAcceptanceWindow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		floor   float64
		size    int
		answers string // a for accepted, d for not
		paused  bool
	}{
		{"not full yet", 0, 5, "dddd", false},
		{"full and low", 0, 5, "ddddd", true},
		{"at the floor", 0.2, 5, "adddd", false},
		{"at the floor, then below as it rolls", 0.25, 4, "adddd", true},
		{"old declines roll out", 0.5, 4, "ddaaaa", false},
		{"default window", 0, 0, strings.Repeat("d", 49), false},
		{"default window full", 0, 0, strings.Repeat("d", 50), true},
		{"off", -1, 5, "dddddddd", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := &campaign{Campaign: Campaign{Name: "c", MinAcceptance: tt.floor, AcceptanceWindow: tt.size}}
			for _, r := range tt.answers {
				c.resolved(r == 'a')
			}
			if got := c.acc.reason != ""; got != tt.paused {
				t.Errorf("paused %v (%q), want %v", got, c.acc.reason, tt.paused)
			}
		})
	}
}
