package limits

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestKnownInMailBalance checks that an account's known InMail balance is where its
// credits start: the InMails sent (and refunded) up to its instant are in it already,
// later ones count, the monthly credits of the months after it are added up to the
// rollover cap, and the Pacer refuses an InMail at zero.
func TestKnownInMailBalance(t *testing.T) {
	t.Parallel()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	known := time.Date(2026, 3, 10, 12, 0, 0, 0, paris)
	origin := known.AddDate(0, -6, 0)
	inmail := func(lead string, at time.Time) paceline.Action {
		return paceline.Action{Account: "ann", Lead: lead, Kind: paceline.KindInMail, Result: paceline.ResultDone, At: at}
	}
	reply := func(lead string, at time.Time) paceline.Event {
		return paceline.Event{Account: "ann", Lead: lead, Type: paceline.EventReplied, At: at}
	}
	tests := []struct {
		name    string
		credits int
		at      time.Time // zero: no balance known
		actions []paceline.Action
		events  []paceline.Event
		ask     time.Time
		want    int
	}{
		{name: "no balance: the rollover cap after months of history", ask: known, want: 150},
		{name: "the known balance", credits: 3, at: known, ask: known.Add(time.Hour), want: 3},
		{name: "InMails before it are in it", credits: 3, at: known,
			actions: []paceline.Action{inmail("a", known.Add(-time.Hour)), inmail("b", known)}, ask: known.Add(time.Hour), want: 3},
		{name: "InMails after it count", credits: 3, at: known,
			actions: []paceline.Action{inmail("a", known.Add(time.Minute)), inmail("b", known.Add(2*time.Minute))}, ask: known.Add(time.Hour), want: 1},
		{name: "a refund after it of an InMail before it", credits: 3, at: known,
			actions: []paceline.Action{inmail("a", known.Add(-time.Hour))}, events: []paceline.Event{reply("a", known.Add(time.Hour))},
			ask: known.Add(2 * time.Hour), want: 4},
		{name: "the next month adds the monthly credits", credits: 3, at: known,
			ask: time.Date(2026, 4, 1, 0, 0, 0, 0, paris), want: 53},
		{name: "not a minute before the month", credits: 3, at: known,
			ask: time.Date(2026, 4, 1, 0, 0, 0, 0, paris).Add(-time.Minute), want: 3},
		{name: "up to the rollover cap", credits: 3, at: known, ask: time.Date(2026, 7, 1, 0, 0, 0, 0, paris), want: 150},
		{name: "a bought balance above the cap falls to it at renewal", credits: 400, at: known,
			ask: time.Date(2026, 4, 1, 0, 0, 0, 0, paris), want: 150},
		{name: "zero stays zero until the month turns", credits: 0, at: known, ask: known.Add(24 * time.Hour), want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			acct := &paceline.Account{Name: "ann", Type: paceline.TypeSalesNavigator, Executor: paceline.ExecutorSim,
				TimeZone: "Europe/Paris", Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: paceline.WorkingDays(0x7f),
				Safety: 1, InMailCredits: tt.credits, InMailCreditsAt: tt.at}
			cfg, err := ConfigFor(acct)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Replay(cfg, origin, tt.actions, tt.events)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := p.Config().inmailBalance(p.State(), tt.ask.UnixNano()); got != tt.want {
				t.Errorf("balance at %v: %d, want %d", tt.ask, got, tt.want)
			}
			d := p.Decide(tt.ask, Request{Kind: paceline.KindInMail})
			if out := d.Reason == ReasonNoCredits; out != (tt.want <= 0) {
				t.Errorf("InMail at %v with %d credits: %s (%s)", tt.ask, tt.want, d.Reason, d.Explain())
			}
		})
	}
}

// TestStartingInMailCredits checks the balance a type change starts from: the new
// type's monthly credits, within its rollover cap, with the account's overrides.
func TestStartingInMailCredits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ    paceline.AccountType
		limits map[string]int
		want   int
	}{
		{paceline.TypeSalesNavigator, nil, 50},
		{paceline.TypePremiumCareer, nil, 5},
		{paceline.TypeFree, nil, 0},
		{paceline.TypeSalesNavigator, map[string]int{paceline.LimitInMailMonthly: 80}, 80},
		{paceline.TypeSalesNavigator, map[string]int{paceline.LimitInMailRolloverCap: 20}, 20},
	}
	for _, tt := range tests {
		a := &paceline.Account{Name: "ann", Type: tt.typ, Executor: paceline.ExecutorSim, TimeZone: "UTC",
			Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays, Safety: 1, Limits: tt.limits}
		got, err := StartingInMailCredits(a)
		if err != nil || got != tt.want {
			t.Errorf("%s %v: %d, %v; want %d", tt.typ, tt.limits, got, err, tt.want)
		}
	}
}
