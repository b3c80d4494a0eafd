package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// A connection learnt while the lead's enrollment runs (LinkedIn's archive imported
// after the campaign's first tick) spares the invite that waits for the Pacer, here for
// the month's note quota: the lead goes on to the `if: connected` message, without the
// Pacer hearing of an accept. An enrollment whose invite already went out keeps waiting
// for its answer; a lead not connected keeps waiting for the quota.
func TestConnectSparesTheQueuedInvite(t *testing.T) {
	t.Parallel()
	w := &world{}
	waitSeq := strings.Replace(flowSeq, `invite: {note: "Hi {{first_name}}"}`, `invite: {note: "Hi {{first_name}}", fallback: wait}`, 1)
	g, pacers := newEngine(t, w, []string{"a"}, parseSeq(t, waitSeq))
	pacers["a"].notes = 0 // every invite with a note waits for the quota
	var ada, gus *Enrollment
	for _, lead := range []string{"ada", "gus"} {
		e, err := g.Enroll("c1", testLead(lead), t0)
		if err != nil {
			t.Fatal(err)
		}
		if lead == "ada" {
			ada = e
		} else {
			gus = e
		}
	}
	w.run(t, g, t0.Add(time.Hour))
	if len(w.actions) != 0 || ada.State == Waiting || ada.Step != 0 {
		t.Fatalf("before the connection: %d actions, ada %v at step %d; want her invite waiting for the quota", len(w.actions), ada.State, ada.Step)
	}
	connectedOn := t0.Add(-300 * 24 * time.Hour)
	if err := g.Connect("a", "ada", connectedOn); err != nil {
		t.Fatal(err)
	}
	if !ada.Connected || !ada.AcceptedAt.Equal(connectedOn) {
		t.Fatalf("ada after Connect: connected %v at %v; want connected at %v", ada.Connected, ada.AcceptedAt, connectedOn)
	}
	w.run(t, g, t0.Add(2*time.Hour))
	if got := w.kinds("ada"); len(got) != 1 || got[0] != "message:hello" {
		t.Errorf("ada was sent %v, want the first message and no invite", got)
	}
	if got := w.kinds("gus"); len(got) != 0 || gus.Connected {
		t.Errorf("gus was sent %v (connected %v), want nothing: his invite waits for the quota", got, gus.Connected)
	}
	if n := len(pacers["a"].events); n != 0 {
		t.Errorf("the Pacer heard %d events, want none: a connection recalled is no accept", n)
	}
}

// Connect leaves alone an enrollment whose invite went out: it waits for the answer.
func TestConnectLeavesASentInviteWaiting(t *testing.T) {
	t.Parallel()
	w := &world{}
	g, _ := newEngine(t, w, []string{"a"}, parseSeq(t, flowSeq))
	ada, err := g.Enroll("c1", testLead("ada"), t0)
	if err != nil {
		t.Fatal(err)
	}
	w.run(t, g, t0.Add(time.Hour))
	if got := w.kinds("ada"); len(got) != 1 || got[0] != "invite:connect" || ada.State != Waiting {
		t.Fatalf("ada was sent %v and is %v; want the invite, waiting", got, ada.State)
	}
	if err := g.Connect("a", "ada", t0.Add(-24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if ada.Connected || ada.State != Waiting || ada.Step != 0 {
		t.Errorf("ada after Connect: connected %v, %v at step %d; want her wait unchanged", ada.Connected, ada.State, ada.Step)
	}
	w.pending = append(w.pending, paceline.Event{At: t0.Add(2 * time.Hour), Account: "a", Lead: "ada", Type: paceline.EventAccepted})
	w.run(t, g, t0.Add(4*time.Hour))
	if got := w.kinds("ada"); len(got) != 2 || got[1] != "message:hello" {
		t.Errorf("after the accept ada was sent %v, want the invite then the first message", got)
	}
}
