package linkedinexport

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// A connection from before paceline is no accept: the account's Pacer, hearing every
// event the archive gives, counts Bob's accept of the ledger's invite (his pending
// invite answered, one connection more) and nothing for Ann, connected long before,
// whose invite from an earlier campaign stays pending. Reading EventConnected as
// accepted would resolve that invite and raise the acceptance rate and the count.
func TestConnectedBeforeIsNoAcceptForThePacer(t *testing.T) {
	t.Parallel()
	ann, bob, owner := key(t, "linkedin.com/in/ann"), key(t, "linkedin.com/in/bob"), key(t, me)
	invited := at("2026-01-02T10:00:00Z")
	rows := Rows{Connections: []Connection{
		{Line: 2, FirstName: "Ann", Key: ann, ConnectedOn: at("2025-03-05T00:00:00Z")},
		{Line: 3, FirstName: "Bob", Key: bob, ConnectedOn: at("2026-01-05T00:00:00Z")},
	}}
	leads := LeadMap{ann: {ID: "ann"}, bob: {ID: "bob", Invites: []time.Time{invited}}}
	res, err := Match(&rows, Options{Account: "a", Owner: owner, Leads: leads})
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Connected != 1 || res.Counts.Accepted != 1 || len(res.Events) != 2 || res.Events[0].Type != EventConnected {
		t.Fatalf("counts %+v, events %+v; want Ann connected, Bob accepted", res.Counts, res.Events)
	}

	cfg, err := limits.NewConfig(paceline.TypeFree, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	p, err := limits.New(cfg, at("2026-01-01T00:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	for _, lead := range []string{"ann", "bob"} {
		p.Record(paceline.Action{Key: "inv-" + lead, At: invited, Account: "a", Lead: lead, Kind: paceline.KindInvite, Result: paceline.ResultDone})
	}
	for _, ev := range res.Events {
		p.Observe(ev)
		if ev.Type == EventConnected && p.Hastens(ev, paceline.KindInvite) {
			t.Errorf("%+v frees an invite's place", ev)
		}
	}
	if s := p.Snapshot(at("2026-01-06T12:00:00Z")); s.Pending != 1 || s.Connections != 1 {
		t.Errorf("after the archive's events: %d pending invites, %d connections; want Ann's invite pending and Bob's accept alone counted", s.Pending, s.Connections)
	}
}
