package storetest

import (
	"context"
	"maps"
	"testing"

	"github.com/paceline/paceline"
)

// testBouncedLeads checks BouncedLeads, what a campaign start reads to leave out the
// leads whose email address bounced: every lead with a bounced event, on any account,
// once however many bounces it has; not a lead that only replied or opted out, and not
// an account-level event without a lead.
func testBouncedLeads(t *testing.T, s Store) {
	bs, ok := s.(interface {
		BouncedLeads(ctx context.Context) (map[string]bool, error)
	})
	if !ok {
		t.Fatalf("%T cannot list the leads whose email bounced", s)
	}
	ctx := context.Background()
	withAccounts(t, s, "alice", "bob")
	got, err := bs.BouncedLeads(ctx)
	if err != nil || len(got) != 0 {
		t.Fatalf("BouncedLeads of an empty store: %v, %v; want none", got, err)
	}
	for _, e := range []paceline.Event{
		{Key: "b1", Account: "alice", Lead: "email:ada@acme.example", Type: paceline.EventBounced, Kind: paceline.KindEmail},
		{Key: "b2", Account: "bob", Lead: "email:ada@acme.example", Type: paceline.EventBounced, Kind: paceline.KindEmail},
		{Key: "b3", Account: "bob", Lead: "bob-byte", Type: paceline.EventBounced, Kind: paceline.KindEmail},
		{Key: "r1", Account: "alice", Lead: "cy-reply", Type: paceline.EventReplied},
		{Key: "o1", Account: "alice", Lead: "di-optout", Type: paceline.EventOptedOut},
		{Key: "w1", Account: "alice", Type: paceline.EventWarning},
	} {
		e.At = Clock
		if _, err := s.RecordEvent(ctx, &e); err != nil {
			t.Fatalf("record %s: %v", e.Key, err)
		}
	}
	got, err = bs.BouncedLeads(ctx)
	want := map[string]bool{"email:ada@acme.example": true, "bob-byte": true}
	if err != nil || !maps.Equal(got, want) {
		t.Errorf("BouncedLeads: %v, %v; want %v", got, err, want)
	}
}
