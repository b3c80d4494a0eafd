package limits

import (
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// parisPlan plans count invites of a free account working Mon-Fri 09:00-18:00 in
// Paris at the whole allowance, from midnight of day, as paceline limits plan --type
// free --time-zone Europe/Paris --safety 1 --start day does.
func parisPlan(t *testing.T, day string, count int) []Slot {
	t.Helper()
	acct := paceline.Account{Name: "plan", Type: paceline.TypeFree, Executor: paceline.ExecutorSim,
		TimeZone: "Europe/Paris", MinGap: paceline.DefaultMinGap, Safety: 1,
		Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays}
	cfg, err := ConfigFor(&acct)
	if err != nil {
		t.Fatal(err)
	}
	from, err := time.ParseInLocation(time.DateOnly, day, cfg.Schedule.Location)
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(cfg, from)
	if err != nil {
		t.Fatal(err)
	}
	return p.Plan(from, []Request{{Kind: paceline.KindInvite}}, count)
}

// firstOn returns the first slot on the local day (Europe/Paris) "Mon 29 Mar".
func firstOn(t *testing.T, slots []Slot, day string) Slot {
	t.Helper()
	paris, _ := time.LoadLocation("Europe/Paris")
	for _, s := range slots {
		if s.At.In(paris).Format("Mon 2 Jan") == day {
			return s
		}
	}
	t.Fatalf("no slot on %s", day)
	return Slot{}
}

// TestExplainNamesTheHoursAfterAWeeklyCap checks the QA case where a weekly cap lifts
// on Friday evening: the working hours and the weekend hold the slot until Monday, and
// the why said only "weekly cap 100/100 until Fri 2 Apr 18:10, next slot Mon 5 Apr".
func TestExplainNamesTheHoursAfterAWeeklyCap(t *testing.T) {
	t.Parallel()
	s := firstOn(t, parisPlan(t, "2027-03-22", 220), "Mon 5 Apr")
	want := "weekly cap 100/100 until Fri 2 Apr 18:10 Europe/Paris, then outside working hours; next slot Mon 5 Apr 09:09 Europe/Paris"
	if s.Why != ReasonWeeklyCap || s.Explain != want {
		t.Errorf("Mon 5 Apr's first slot: %s %q, want %s %q", s.Why, s.Explain, ReasonWeeklyCap, want)
	}
}

// TestExplainBudgetNamesTheNextWorkingDay checks the QA case of a Friday whose budget
// is used: the slot is Monday's, and the why said "today's budget of 20 invites used
// until Mon 29 Mar 09:00", as if the budget held over the weekend.
func TestExplainBudgetNamesTheNextWorkingDay(t *testing.T) {
	t.Parallel()
	slots := parisPlan(t, "2027-03-26", 60)
	s := firstOn(t, slots, "Mon 29 Mar")
	want := "today's budget of 20 invites used; next working day Mon 29 Mar 09:00 Europe/Paris, next slot Mon 29 Mar 09:11 Europe/Paris"
	if s.Why != ReasonDailyBudget || s.Explain != want {
		t.Errorf("Mon 29 Mar's first slot: %s %q, want %s %q", s.Why, s.Explain, ReasonDailyBudget, want)
	}
	// Every used budget names the next working day, never a time "until" which the
	// budget would hold.
	for i, s := range slots {
		if s.Why == ReasonDailyBudget && (strings.Contains(s.Explain, " until ") || !strings.Contains(s.Explain, "; next working day ")) {
			t.Errorf("slot %d: %q", i+1, s.Explain)
		}
	}
}

// TestExplainWordsOnly checks the words for each shape of decision, from figures
// alone.
func TestExplainWordsOnly(t *testing.T) {
	t.Parallel()
	until := time.Date(2027, 4, 2, 16, 10, 0, 0, time.UTC)
	at := time.Date(2027, 4, 5, 7, 9, 0, 0, time.UTC)
	paris, _ := time.LoadLocation("Europe/Paris")
	tests := []struct {
		d    Decision
		want string
	}{
		{Decision{Kind: paceline.KindInvite, Reason: ReasonWeeklyCap, Used: 100, Cap: 100, Until: until, At: at, loc: paris, thenHours: true},
			"weekly cap 100/100 until Fri 2 Apr 18:10 Europe/Paris, then outside working hours; next slot Mon 5 Apr 09:09 Europe/Paris"},
		{Decision{Kind: paceline.KindInvite, Reason: ReasonWeeklyCap, Used: 100, Cap: 100, Until: until, At: at, loc: paris},
			"weekly cap 100/100 until Fri 2 Apr 18:10 Europe/Paris, next slot Mon 5 Apr 09:09 Europe/Paris"},
		{Decision{Kind: paceline.KindInvite, Reason: ReasonWeeklyCap, Used: 99, Cap: 100, Until: at, At: at, loc: paris, dayOver: true},
			"weekly cap 99/100 leaves no room today; next working day Mon 5 Apr 09:09 Europe/Paris"},
		{Decision{Kind: paceline.KindInvite, Reason: ReasonDailyBudget, Cap: 20, Until: at, At: at, loc: paris, dayOver: true},
			"today's budget of 20 invites used; next working day Mon 5 Apr 09:09 Europe/Paris"},
		{Decision{Kind: paceline.KindInvite, Reason: ReasonDailyBudget, Cap: 20, Until: at, At: at, loc: paris},
			"today's budget of 20 invites used until Mon 5 Apr 09:09 Europe/Paris"},
	}
	for _, tt := range tests {
		if got := tt.d.Explain(); got != tt.want {
			t.Errorf("%+v:\n got %q\nwant %q", tt.d, got, tt.want)
		}
	}
}
