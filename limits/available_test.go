package limits

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// A mailbox cannot do a LinkedIn kind even when a cap gives it one: QA found a mailbox
// given --cap invite=5 tried each invite three times (the email executor failed it),
// and without the cap its leads waited on the invite for ever (cap 0/0). The Pacer now
// answers never, ReasonNotAvailable, which the engine takes to skip the step.
func TestMailboxCannotDoLinkedInKinds(t *testing.T) {
	t.Parallel()
	acc := &paceline.Account{Name: "m0", Type: paceline.TypeEmail, Executor: paceline.ExecutorEmail,
		TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays, Safety: 1,
		Caps: map[paceline.ActionKind]int{paceline.KindInvite: 5}}
	c, err := ConfigFor(acc)
	if err != nil {
		t.Fatal(err)
	}
	origin := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) // a Monday, in working hours
	p, err := New(c, origin)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range paceline.ActionKinds {
		d := p.Decide(origin, Request{Kind: k})
		if k == paceline.KindEmail {
			if !c.CanDo(k) || d.Reason == ReasonNotAvailable {
				t.Errorf("email on a mailbox: CanDo %v, reason %v; want it available", c.CanDo(k), d.Reason)
			}
			continue
		}
		if c.CanDo(k) || d.Allowed || !d.At.IsZero() || d.Reason != ReasonNotAvailable {
			t.Errorf("%s on a mailbox: CanDo %v, decision %+v; want never, not available", k, c.CanDo(k), d)
		}
	}
}

// What a LinkedIn type can do follows its preset: InMail with credits, Open Profile
// messages on Premium types, email only when a cap gives it one; a cap of 0 is a pause,
// not an inability.
func TestCanDoLinkedInTypes(t *testing.T) {
	t.Parallel()
	free, err := NewConfig(paceline.TypeFree, nil)
	if err != nil {
		t.Fatal(err)
	}
	nav, err := NewConfig(paceline.TypeSalesNavigator, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		c    Config
		k    paceline.ActionKind
		want bool
	}{
		{free, paceline.KindInvite, true}, {free, paceline.KindVisit, true},
		{free, paceline.KindInMail, false}, {free, paceline.KindOpenProfileMessage, false},
		{free, paceline.KindEmail, false},
		{nav, paceline.KindInMail, true}, {nav, paceline.KindOpenProfileMessage, true},
		{nav, paceline.KindEmail, false},
	} {
		if got := tc.c.CanDo(tc.k); got != tc.want {
			t.Errorf("%s CanDo(%s) = %v, want %v", tc.c.Type, tc.k, got, tc.want)
		}
	}
	free.InMailMonthly = 3
	free.Weekly[paceline.KindInvite.Index()] = 0
	free.Weekly[paceline.KindEmail.Index()] = 10
	for _, k := range []paceline.ActionKind{paceline.KindInMail, paceline.KindInvite, paceline.KindEmail} {
		if !free.CanDo(k) {
			t.Errorf("free with inmail credits, invite cap 0 and an email cap: CanDo(%s) = false", k)
		}
	}
}
