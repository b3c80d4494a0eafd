package sim

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/paceline/paceline"
)

// TestLeadTableIsReusedOnlyForTheSameLeads checks the per-slice cache: a second run on
// the same slice gets the same table, and a lead changed in place between runs gives a
// new one, so that the run answers exactly as a run on a fresh copy of the leads.
func TestLeadTableIsReusedOnlyForTheSameLeads(t *testing.T) {
	leads := Leads(300, rand.New(rand.NewPCG(5, 6)))
	first := leadTableFor(leads)
	if again := leadTableFor(leads); again != first {
		t.Fatal("a second look-up of the same leads built a new table")
	}
	if other := leadTableFor(append([]*paceline.Lead(nil), leads...)); other == first {
		t.Fatal("a copy of the slice got the first slice's table")
	}

	seats := mustSeats(t, "free:1,sales-navigator:1")
	mustRun(t, Config{Accounts: seats, Leads: leads, Weeks: 2, Seed: 3, Strategy: Paceline})
	leads[7].ProfileKey = "changed-in-place"
	if leadTableFor(leads) == first {
		t.Fatal("a lead whose key changed in place kept the stale table")
	}
	got := mustRun(t, Config{Accounts: seats, Leads: leads, Weeks: 2, Seed: 3, Strategy: Paceline})
	fresh := mustRun(t, Config{Accounts: seats, Leads: append([]*paceline.Lead(nil), leads...), Weeks: 2, Seed: 3, Strategy: Paceline})
	got.WallSeconds, fresh.WallSeconds = 0, 0
	if !reflect.DeepEqual(got, fresh) {
		t.Errorf("a run on leads changed in place differs from one on a fresh copy:\n%+v\n%+v", got, fresh)
	}
}
