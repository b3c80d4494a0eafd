package sim

import (
	"math/rand/v2"
	"testing"
)

// TestSeatWithoutMailboxSendsNoEmail: a seat marked NoMailbox (a LinkedIn account of a
// database forecast without a mailbox of its own) sends no email in any strategy, and
// its leads skip the email step rather than wait; the same seat with its mailbox sends
// the default sequence's emails.
func TestSeatWithoutMailboxSendsNoEmail(t *testing.T) {
	t.Parallel()
	leads := Leads(400, rand.New(rand.NewPCG(5, 6)))
	for _, strategy := range []Strategy{Paceline, Calendar, Daily} {
		with := mustSeats(t, "free:1")
		without := mustSeats(t, "free:1")
		without[0].NoMailbox = true
		a := mustRun(t, Config{Accounts: with, Leads: leads, Weeks: 12, Seed: 5, Strategy: strategy})
		b := mustRun(t, Config{Accounts: without, Leads: leads, Weeks: 12, Seed: 5, Strategy: strategy})
		if a.Actions["email"] == 0 {
			t.Fatalf("%s: the seat with its mailbox sent no email", strategy)
		}
		if b.Actions["email"] != 0 {
			t.Errorf("%s: the seat without a mailbox sent %d emails", strategy, b.Actions["email"])
		}
		if b.Actions["invite"] != a.Actions["invite"] {
			t.Logf("%s: invites %d with a mailbox, %d without", strategy, a.Actions["invite"], b.Actions["invite"])
		}
	}
}
