package limits

import (
	"testing"

	"github.com/paceline/paceline"
)

func TestLinkedInAccountWithMailboxSendsEmail(t *testing.T) {
	a := paceline.Account{Name: "ann", Type: paceline.TypeFree, Executor: paceline.ExecutorAssist,
		TimeZone: "Europe/Paris", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays,
		MinGap: paceline.DefaultMinGap, Safety: 1}
	c, err := ConfigFor(&a)
	if err != nil {
		t.Fatal(err)
	}
	if c.CanDo(paceline.KindEmail) {
		t.Fatal("a LinkedIn account without a mailbox can send email")
	}
	a.Mailbox = true
	if c, err = ConfigFor(&a); err != nil {
		t.Fatal(err)
	}
	if !c.CanDo(paceline.KindEmail) || !c.CanDo(paceline.KindInvite) {
		t.Fatalf("a LinkedIn account with a mailbox: email %v, invite %v; want both", c.CanDo(paceline.KindEmail), c.CanDo(paceline.KindInvite))
	}
	want := EmailPreset()
	if got := c.Weekly[paceline.KindEmail.Index()]; got != want.Weekly[paceline.KindEmail] {
		t.Errorf("weekly email cap %d, want the mailbox preset's %d", got, want.Weekly[paceline.KindEmail])
	}
	a.Caps = map[paceline.ActionKind]int{paceline.KindEmail: 100}
	if c, err = ConfigFor(&a); err != nil {
		t.Fatal(err)
	}
	if got := c.Weekly[paceline.KindEmail.Index()]; got != 100 {
		t.Errorf("weekly email cap %d with --cap email=100", got)
	}
}

// An email cap left on a LinkedIn account without a mailbox (a removal that failed
// half-way) gives it no email.
func TestStaleEmailCapGivesNoEmail(t *testing.T) {
	a := paceline.Account{Name: "ann", Type: paceline.TypeFree, Executor: paceline.ExecutorAssist,
		TimeZone: "Europe/Paris", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays,
		MinGap: paceline.DefaultMinGap, Safety: 1,
		Caps: map[paceline.ActionKind]int{paceline.KindEmail: 100}, Limits: map[string]int{"daily_email": 20}}
	c, err := ConfigFor(&a)
	if err != nil {
		t.Fatal(err)
	}
	if c.CanDo(paceline.KindEmail) {
		t.Error("a LinkedIn account without a mailbox can send email through a stale cap")
	}
}
