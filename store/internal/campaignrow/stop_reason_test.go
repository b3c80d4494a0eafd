package campaignrow

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// Reason gives a stopped enrollment its lead's first answer its sequence stops on, as
// the tick would: any account's reply, opt-out or bounce, its own account's decline,
// never an event from before it started or one its sequence goes on after; then the
// suppression list; then the stop.
func TestStopReason(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	now := start.Add(48 * time.Hour)
	r := Stopping{Ended: Ended{ID: 1, Started: start}, Lead: "in:ada", Account: "alice"}
	ev := func(account string, typ paceline.EventKind, after time.Duration) paceline.Event {
		return paceline.Event{At: start.Add(after), Account: account, Lead: "in:ada", Type: typ}
	}
	all := []paceline.EventKind{paceline.EventReplied, paceline.EventOptedOut, paceline.EventBounced, paceline.EventDeclined}
	mandatory := StopKinds("name: x") // does not parse: a reply and an opt-out
	tests := []struct {
		name       string
		stops      []paceline.EventKind
		evs        []paceline.Event
		suppressed bool
		reason     string
		at         time.Time
	}{
		{"nothing", all, nil, false, paceline.ReasonCampaignStopped, now},
		{"an accept", all, []paceline.Event{ev("alice", paceline.EventAccepted, time.Hour)}, false, paceline.ReasonCampaignStopped, now},
		{"opted out by event", mandatory, []paceline.Event{ev("bob", paceline.EventOptedOut, time.Hour)}, false, "opted_out", start.Add(time.Hour)},
		{"on the list alone", mandatory, nil, true, "opted_out", now},
		{"the first answer", all, []paceline.Event{ev("bob", paceline.EventReplied, time.Hour), ev("alice", paceline.EventOptedOut, 2*time.Hour)}, true, "replied", start.Add(time.Hour)},
		{"before the start", all, []paceline.Event{ev("alice", paceline.EventReplied, -time.Hour)}, false, paceline.ReasonCampaignStopped, now},
		{"a bounce it goes on after", mandatory, []paceline.Event{ev("alice", paceline.EventBounced, time.Hour)}, false, paceline.ReasonCampaignStopped, now},
		{"a bounce it stops on", all, []paceline.Event{ev("bob", paceline.EventBounced, time.Hour)}, false, "bounced", start.Add(time.Hour)},
		{"a decline to another account", all, []paceline.Event{ev("bob", paceline.EventDeclined, time.Hour)}, false, paceline.ReasonCampaignStopped, now},
		{"its own decline", all, []paceline.Event{ev("alice", paceline.EventDeclined, time.Hour)}, false, "declined", start.Add(time.Hour)},
		{"dated ahead of the stop", all, []paceline.Event{ev("alice", paceline.EventReplied, 49*time.Hour)}, false, "replied", now},
	}
	for _, tt := range tests {
		reason, at := r.Reason(tt.stops, tt.evs, tt.suppressed, now)
		if reason != tt.reason || !at.Equal(tt.at) {
			t.Errorf("%s: %q at %s, want %q at %s", tt.name, reason, at, tt.reason, tt.at)
		}
	}
}

// StopKinds reads a stored sequence's stop_on; one that does not parse stops on what
// every sequence stops on.
func TestStopKinds(t *testing.T) {
	t.Parallel()
	seq := "name: s\nsteps:\n  - id: mail\n    email: {subject: \"Hi\", body: \"Hello\"}\nstop_on: [replied, opted_out, bounced]\n"
	if got := StopKinds(seq); len(got) != 3 || got[2] != paceline.EventBounced {
		t.Errorf("StopKinds of a sequence stopping on bounces = %v", got)
	}
	if got := StopKinds("name: x"); len(got) != 2 || got[0] != paceline.EventReplied || got[1] != paceline.EventOptedOut {
		t.Errorf("StopKinds of a sequence that does not parse = %v", got)
	}
}
