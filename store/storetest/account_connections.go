package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// testAccountConnections checks that an account's known connection count and its
// instant are kept through create, update and both reads, that "never told" (zero)
// comes back as zero, and that a count LinkedIn cannot hold is refused.
func testAccountConnections(t *testing.T, s Store) {
	ctx := context.Background()
	known := time.Date(2026, 2, 14, 0, 0, 0, 0, time.FixedZone("CET", 3600))

	a := plainAccount("connected")
	a.Connections, a.ConnectionsAt = 29950, known
	if err := s.CreateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	plain := plainAccount("fresh")
	if err := s.CreateAccount(ctx, plain); err != nil {
		t.Fatal(err)
	}
	check := func(when string, want int, wantAt time.Time) {
		t.Helper()
		got, err := s.Account(ctx, "connected")
		if err != nil {
			t.Fatal(err)
		}
		wantUTC(t, "ConnectionsAt", got.ConnectionsAt)
		if got.Connections != want || !at(got.ConnectionsAt).Equal(at(wantAt)) {
			t.Errorf("%s: Account has %d connections at %v, want %d at %v", when, got.Connections, got.ConnectionsAt, want, wantAt)
		}
		list, err := s.Accounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range list {
			switch l.Name {
			case "connected":
				if l.Connections != want || !at(l.ConnectionsAt).Equal(at(wantAt)) {
					t.Errorf("%s: Accounts has %d connections at %v, want %d at %v", when, l.Connections, l.ConnectionsAt, want, wantAt)
				}
			case "fresh":
				if l.Connections != 0 || !l.ConnectionsAt.IsZero() {
					t.Errorf("%s: an account never told has %d connections at %v, want 0 at zero", when, l.Connections, l.ConnectionsAt)
				}
			}
		}
	}
	check("created", 29950, known)

	later := known.Add(36*time.Hour + 250*time.Microsecond)
	a.Connections, a.ConnectionsAt = 30000, later
	if err := s.UpdateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	check("updated", 30000, later)

	for _, n := range []int{-1, paceline.MaxConnections + 1} {
		a.Connections = n
		err := s.UpdateAccount(ctx, a)
		wantCode(t, err, paceline.EINVALID)
		wantField(t, err, "connections")
	}
	check("after refused updates", 30000, later)
}
