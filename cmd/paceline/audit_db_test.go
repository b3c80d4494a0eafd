package main

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
)

// TestAuditDBChecksCapsAsThePacerApplies audits stored accounts the way audit --db
// does. A cap overridden to 0 switches the kind off, so any done action of it breaks
// the cap (the audit used to skip caps of 0 and passed such a ledger clean); a safety
// margin of 0.5 halves the cap the Pacer keeps to, so the audit holds the ledger to
// that (it used to check the nominal cap).
func TestAuditDBChecksCapsAsThePacerApplies(t *testing.T) {
	t.Parallel()
	base := func(name string) *paceline.Account {
		return &paceline.Account{Name: name, Type: paceline.TypeFree, Executor: "sim", TimeZone: "Europe/Paris", Hours: paceline.DefaultWorkingHours,
			Days: paceline.DefaultWorkingDays, MinGap: paceline.DefaultMinGap, Safety: 1}
	}
	off := base("off")
	off.Caps = map[paceline.ActionKind]int{paceline.KindInvite: 0}
	off.Limits = map[string]int{paceline.LimitDailyPrefix + string(paceline.KindMessage): 0}
	half := base("half")
	half.Safety = 0.5
	half.Caps = map[paceline.ActionKind]int{paceline.KindInvite: 4}
	// A cap as large as an int holds ("no limit") stays that large after the margin:
	// converting it back from a float64 overflowed and audited a cap of one.
	huge := base("huge")
	huge.Caps = map[paceline.ActionKind]int{paceline.KindInvite: math.MaxInt}
	paris, err := paceline.LoadTimeZone("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	act := func(acct string, k paceline.ActionKind, hour int) paceline.Action {
		return paceline.Action{At: time.Date(2027, 3, 2, hour, 0, 0, 0, paris), Account: acct, Kind: k,
			Lead: fmt.Sprint(acct, k, hour), Result: paceline.ResultDone}
	}
	l := &audit.Ledger{Actions: []paceline.Action{
		act("off", paceline.KindInvite, 10),
		act("off", paceline.KindMessage, 11),
		act("half", paceline.KindInvite, 10), act("half", paceline.KindInvite, 11), act("half", paceline.KindInvite, 12),
		act("huge", paceline.KindInvite, 10), act("huge", paceline.KindInvite, 11),
	}}
	for _, a := range []*paceline.Account{off, half, huge} {
		aa, err := auditAccount(a)
		if err != nil {
			t.Fatal(err)
		}
		l.Accounts = append(l.Accounts, aa)
	}
	got := map[string]int{}
	for _, v := range audit.Check(l).Details {
		got[v.Account+" "+v.Rule+" "+v.Kind]++
	}
	want := map[string]int{
		"off " + audit.RuleWeeklyCap + " invite":  1,
		"off " + audit.RuleDailyCap + " message":  1,
		"half " + audit.RuleWeeklyCap + " invite": 1, // the third invite; the cap is 4 × 0.5
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d violations, want %d (all: %v)", k, got[k], n, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("violations %v, want only %v", got, want)
	}
}
