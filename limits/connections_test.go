package limits

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestKnownConnectionsSeedTheCap checks that an account's known connection count is
// where the Pacer starts: acceptances up to the count's instant are in it already,
// later ones add to it, and at the cap invites are refused for that reason.
func TestKnownConnectionsSeedTheCap(t *testing.T) {
	t.Parallel()
	known := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	acct := &paceline.Account{Name: "ann", Type: paceline.TypeFree, Executor: paceline.ExecutorSim,
		TimeZone: "UTC", Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: paceline.WorkingDays(0x7f),
		Safety: 1, Connections: ConnectionCap - 1, ConnectionsAt: known}
	cfg, err := ConfigFor(acct)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Connections != ConnectionCap-1 || !cfg.ConnectionsAt.Equal(known) {
		t.Fatalf("ConfigFor carried %d connections at %v, want %d at %v", cfg.Connections, cfg.ConnectionsAt, ConnectionCap-1, known)
	}
	accept := func(lead string, at time.Time) paceline.Event {
		return paceline.Event{Account: "ann", Lead: lead, Type: paceline.EventAccepted, At: at}
	}
	ask := known.Add(5 * 24 * time.Hour)
	tests := []struct {
		name    string
		events  []paceline.Event
		conns   int
		blocked bool
	}{
		{"known count only", nil, ConnectionCap - 1, false},
		{"acceptances up to the count's instant are in it", []paceline.Event{
			accept("a", known.Add(-time.Hour)), accept("b", known)}, ConnectionCap - 1, false},
		{"an acceptance after it reaches the cap", []paceline.Event{
			accept("a", known.Add(-time.Hour)), accept("c", known.Add(time.Hour))}, ConnectionCap, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Replay(cfg, known.Add(-24*time.Hour), nil, tt.events)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.State().Connections; got != tt.conns {
				t.Fatalf("Connections = %d, want %d", got, tt.conns)
			}
			d := p.Decide(ask, Request{Kind: paceline.KindInvite})
			if blocked := d.Reason == ReasonConnectionCap; blocked != tt.blocked {
				t.Fatalf("invite decision %+v: blocked by the connection cap = %v, want %v", d, blocked, tt.blocked)
			}
			if snap := p.Snapshot(ask); snap.Connections != tt.conns {
				t.Fatalf("Snapshot.Connections = %d, want %d", snap.Connections, tt.conns)
			}
		})
	}
}

// TestNoKnownConnectionsCountsEveryAcceptance keeps the old behaviour for an account
// whose count was never given: every replayed acceptance counts.
func TestNoKnownConnectionsCountsEveryAcceptance(t *testing.T) {
	t.Parallel()
	cfg, err := NewConfig(paceline.TypeFree, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	p, err := Replay(cfg, at, nil, []paceline.Event{
		{Account: "ann", Lead: "a", Type: paceline.EventAccepted, At: at},
		{Account: "ann", Lead: "b", Type: paceline.EventAccepted, At: at.Add(time.Hour)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.State().Connections; got != 2 {
		t.Fatalf("Connections = %d, want 2", got)
	}
}
