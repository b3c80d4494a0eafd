package limits

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestSeatMailboxGoesOnThroughLinkedInPushbacks: a LinkedIn restriction and a notice
// about invites stop the seat's LinkedIn actions, not its own mailbox's emails, and a
// new seat's warm-up does not cut them; a notice about email itself does hold email
// back. A mailbox account's email is held by its own restriction as before.
func TestSeatMailboxGoesOnThroughLinkedInPushbacks(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	mon := time.Date(2026, 3, 2, 10, 0, 0, 0, paris) // a Monday, in working hours
	seat := func(t *testing.T, typ paceline.AccountType, opened time.Time) *Pacer {
		t.Helper()
		a := paceline.Account{Name: "ann", Type: typ, Executor: paceline.ExecutorAssist, TimeZone: "Europe/Paris",
			Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays, MinGap: paceline.DefaultMinGap,
			Safety: 1, Mailbox: true, Opened: opened}
		if typ == paceline.TypeEmail {
			a.Executor = paceline.ExecutorEmail
		}
		cfg, err := ConfigFor(&a)
		if err != nil {
			t.Fatal(err)
		}
		p, err := New(cfg, mon.Add(-30*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	soon := func(d Decision, at time.Time) bool { return !d.At.IsZero() && d.At.Before(at.Add(2*time.Hour)) }

	p := seat(t, paceline.TypeFree, time.Time{})
	p.Observe(paceline.Event{Type: paceline.EventRestricted, At: mon, Account: "ann"})
	p.Observe(paceline.Event{Type: paceline.EventLimitHit, At: mon, Account: "ann", Kind: paceline.KindInvite})
	at := mon.Add(time.Minute)
	if d := p.Decide(at, Request{Kind: paceline.KindInvite}); soon(d, at) {
		t.Errorf("invite after a restriction: %+v, want it held for days", d)
	}
	if d := p.Decide(at, Request{Kind: paceline.KindEmail}); !soon(d, at) {
		t.Errorf("the seat's own email after a LinkedIn restriction: %+v, want it soon", d)
	}
	p.Observe(paceline.Event{Type: paceline.EventLimitHit, At: at, Account: "ann", Kind: paceline.KindEmail})
	if d := p.Decide(at.Add(time.Minute), Request{Kind: paceline.KindEmail}); soon(d, at) || d.Reason != ReasonCooldown {
		t.Errorf("email after a notice about email: %+v, want a cooldown", d)
	}

	// A seat opened this week warms its LinkedIn kinds up, not its email.
	young := seat(t, paceline.TypeFree, mon.Add(-24*time.Hour))
	snap := young.Snapshot(mon)
	for _, u := range snap.Kinds {
		if u.WeekCap == nil {
			continue
		}
		if u.Kind == paceline.KindEmail && *u.WeekCap != EmailPreset().Weekly[paceline.KindEmail] {
			t.Errorf("a new seat's email cap is %d, want the mailbox's full %d", *u.WeekCap, EmailPreset().Weekly[paceline.KindEmail])
		}
		if u.Kind == paceline.KindInvite && *u.WeekCap >= 100 {
			t.Errorf("a new seat's invite cap is %d, want it warming up", *u.WeekCap)
		}
	}

	m := seat(t, paceline.TypeEmail, time.Time{})
	m.Observe(paceline.Event{Type: paceline.EventRestricted, At: mon, Account: "ann"})
	if d := m.Decide(at, Request{Kind: paceline.KindEmail}); soon(d, at) {
		t.Errorf("a restricted mailbox account's email: %+v, want it held", d)
	}
}
