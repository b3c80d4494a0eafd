package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// testAccountInMailCredits checks that an account's known InMail balance and its
// instant are kept through create, update and both reads, that "never told" (zero)
// comes back as zero, and that a balance no account has, or one without its instant,
// is refused.
func testAccountInMailCredits(t *testing.T, s Store) {
	ctx := context.Background()
	known := time.Date(2026, 2, 14, 0, 0, 0, 0, time.FixedZone("CET", 3600))

	a := plainAccount("credited")
	a.InMailCredits, a.InMailCreditsAt = 42, known
	if err := s.CreateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateAccount(ctx, plainAccount("untold")); err != nil {
		t.Fatal(err)
	}
	check := func(when string, want int, wantAt time.Time) {
		t.Helper()
		got, err := s.Account(ctx, "credited")
		if err != nil {
			t.Fatal(err)
		}
		wantUTC(t, "InMailCreditsAt", got.InMailCreditsAt)
		if got.InMailCredits != want || !at(got.InMailCreditsAt).Equal(at(wantAt)) {
			t.Errorf("%s: Account has %d InMail credits at %v, want %d at %v", when, got.InMailCredits, got.InMailCreditsAt, want, wantAt)
		}
		list, err := s.Accounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range list {
			switch l.Name {
			case "credited":
				if l.InMailCredits != want || !at(l.InMailCreditsAt).Equal(at(wantAt)) {
					t.Errorf("%s: Accounts has %d InMail credits at %v, want %d at %v", when, l.InMailCredits, l.InMailCreditsAt, want, wantAt)
				}
			case "untold":
				if l.InMailCredits != 0 || !l.InMailCreditsAt.IsZero() {
					t.Errorf("%s: an account never told has %d InMail credits at %v, want 0 at zero", when, l.InMailCredits, l.InMailCreditsAt)
				}
			}
		}
	}
	check("created", 42, known)

	later := known.Add(36*time.Hour + 250*time.Microsecond)
	a.InMailCredits, a.InMailCreditsAt = 0, later
	if err := s.UpdateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	check("updated to none left", 0, later)

	for _, n := range []int{-1, paceline.MaxInMailCredits + 1} {
		a.InMailCredits = n
		err := s.UpdateAccount(ctx, a)
		wantCode(t, err, paceline.EINVALID)
		wantField(t, err, "inmail-credits")
	}
	a.InMailCredits, a.InMailCreditsAt = 5, time.Time{}
	err := s.UpdateAccount(ctx, a)
	wantCode(t, err, paceline.EINVALID)
	wantField(t, err, "inmail-credits")
	check("after refused updates", 0, later)
}
