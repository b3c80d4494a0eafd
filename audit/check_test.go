package audit

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// at parses an RFC 3339 time or fails the test.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// alice works Monday to Friday, 09:00-18:00 UTC, with small caps so a few actions
// reach them. 2027-03-01 is a Monday.
func alice() Account {
	return Account{
		Name:             "alice",
		Type:             paceline.TypeFree,
		Location:         time.UTC,
		Hours:            paceline.WorkingHours{Start: 9 * 60, End: 18 * 60},
		Days:             paceline.DefaultWorkingDays,
		MinGap:           90 * time.Second,
		WeeklyCaps:       map[paceline.ActionKind]int{paceline.KindInvite: 3, paceline.KindMessage: 5},
		DailyCaps:        map[paceline.ActionKind]int{paceline.KindMessage: 2},
		NoteQuotaMonthly: 2,
	}
}

// act is a compact action literal for tables: "2027-03-01T10:00:00Z invite done".
type act struct {
	at      string
	account string // "" is alice
	kind    paceline.ActionKind
	result  paceline.ActionResult
	note    bool
}

func ledgerOf(t testing.TB, accounts []Account, acts []act) *Ledger {
	t.Helper()
	l := &Ledger{Accounts: accounts}
	for i, a := range acts {
		name := a.account
		if name == "" {
			name = "alice"
		}
		res := a.result
		if res == "" {
			res = paceline.ResultDone
		}
		l.Actions = append(l.Actions, paceline.Action{
			At: at(t, a.at), Account: name, Kind: a.kind, Result: res, WithNote: a.note,
			Lead: "lead-" + string(rune('a'+i%26)),
		})
	}
	return l
}

const (
	invite  = paceline.KindInvite
	message = paceline.KindMessage
	visit   = paceline.KindVisit
	refused = paceline.ResultRefused
	failed  = paceline.ResultFailed
)

func TestCheckRules(t *testing.T) {
	t.Parallel()
	berlin := alice()
	berlin.Name = "berlin"
	berlin.Location = zone(t, "Europe/Berlin")
	berlin.Hours = paceline.WorkingHours{Start: 0, End: 24 * 60}
	berlin.Days = 1<<7 - 1
	utcAllDay := berlin
	utcAllDay.Name = "utc"
	utcAllDay.Location = time.UTC
	accounts := []Account{alice(), berlin, utcAllDay}

	tests := []struct {
		name string
		acts []act
		want string // the one rule violated, "" for a clean ledger
		at   string // when, for a violation
	}{
		{name: "weekly cap exceeded by the fourth invite", want: RuleWeeklyCap, at: "2027-03-04T10:00:00Z", acts: []act{
			{at: "2027-03-01T10:00:00Z", kind: invite},
			{at: "2027-03-02T10:00:00Z", kind: invite},
			{at: "2027-03-03T10:00:00Z", kind: invite},
			{at: "2027-03-04T10:00:00Z", kind: invite},
		}},
		{name: "weekly cap: a refused fourth invite does not count", acts: []act{
			{at: "2027-03-01T10:00:00Z", kind: invite},
			{at: "2027-03-02T10:00:00Z", kind: invite},
			{at: "2027-03-03T10:00:00Z", kind: invite},
			{at: "2027-03-04T10:00:00Z", kind: invite, result: refused},
		}},
		{name: "weekly cap: other kinds do not count", acts: []act{
			{at: "2027-03-01T10:00:00Z", kind: invite},
			{at: "2027-03-02T10:00:00Z", kind: invite},
			{at: "2027-03-03T10:00:00Z", kind: invite},
			{at: "2027-03-04T10:00:00Z", kind: visit},
		}},
		{name: "weekly cap: exactly 7 days later is a new window", acts: []act{
			{at: "2027-03-01T10:00:00Z", kind: invite},
			{at: "2027-03-02T10:00:00Z", kind: invite},
			{at: "2027-03-03T10:00:00Z", kind: invite},
			{at: "2027-03-08T10:00:00Z", kind: invite},
		}},
		{name: "weekly cap: one second short of 7 days is the same window", want: RuleWeeklyCap, at: "2027-03-08T09:59:59Z", acts: []act{
			{at: "2027-03-01T10:00:00Z", kind: invite},
			{at: "2027-03-02T10:00:00Z", kind: invite},
			{at: "2027-03-03T10:00:00Z", kind: invite},
			{at: "2027-03-08T09:59:59Z", kind: invite},
		}},
		{name: "daily cap exceeded by the third message", want: RuleDailyCap, at: "2027-03-01T12:00:00Z", acts: []act{
			{at: "2027-03-01T10:00:00Z", kind: message},
			{at: "2027-03-01T11:00:00Z", kind: message},
			{at: "2027-03-01T12:00:00Z", kind: message},
		}},
		{name: "daily cap: exactly 24 hours later is a new window", acts: []act{
			{at: "2027-03-01T10:00:00Z", kind: message},
			{at: "2027-03-01T11:00:00Z", kind: message},
			{at: "2027-03-02T10:00:00Z", kind: message},
		}},
		{name: "daily cap: a failed third message does not count", acts: []act{
			{at: "2027-03-01T10:00:00Z", kind: message},
			{at: "2027-03-01T11:00:00Z", kind: message},
			{at: "2027-03-01T12:00:00Z", kind: message, result: failed},
		}},
		{name: "note quota exceeded by the third note in March", want: RuleNoteQuota, at: "2027-03-22T10:00:00Z", acts: []act{
			{at: "2027-03-01T10:00:00Z", kind: invite, note: true},
			{at: "2027-03-10T10:00:00Z", kind: invite, note: true},
			{at: "2027-03-22T10:00:00Z", kind: invite, note: true},
		}},
		{name: "note quota: a new calendar month starts afresh", acts: []act{
			{at: "2027-03-10T10:00:00Z", kind: invite, note: true},
			{at: "2027-03-22T10:00:00Z", kind: invite, note: true},
			{at: "2027-04-01T10:00:00Z", kind: invite, note: true},
		}},
		{name: "note quota: invites without a note do not count", acts: []act{
			{at: "2027-03-01T10:00:00Z", kind: invite, note: true},
			{at: "2027-03-10T10:00:00Z", kind: invite, note: true},
			{at: "2027-03-22T10:00:00Z", kind: invite},
		}},
		{name: "note quota: the month is the account's local month", acts: []act{
			// 23:30 UTC on 31 March is 01:30 on 1 April in Berlin.
			{at: "2027-03-10T10:00:00Z", account: "berlin", kind: invite, note: true},
			{at: "2027-03-22T10:00:00Z", account: "berlin", kind: invite, note: true},
			{at: "2027-03-31T23:30:00Z", account: "berlin", kind: invite, note: true},
		}},
		{name: "note quota: the same instant is still March in UTC", want: RuleNoteQuota, at: "2027-03-31T23:30:00Z", acts: []act{
			{at: "2027-03-10T10:00:00Z", account: "utc", kind: invite, note: true},
			{at: "2027-03-22T10:00:00Z", account: "utc", kind: invite, note: true},
			{at: "2027-03-31T23:30:00Z", account: "utc", kind: invite, note: true},
		}},
		{name: "working hours: one second before opening", want: RuleWorkingHours, at: "2027-03-01T08:59:59Z", acts: []act{
			{at: "2027-03-01T08:59:59Z", kind: visit},
		}},
		{name: "working hours: at opening", acts: []act{
			{at: "2027-03-01T09:00:00Z", kind: visit},
		}},
		{name: "working hours: at closing", want: RuleWorkingHours, at: "2027-03-01T18:00:00Z", acts: []act{
			{at: "2027-03-01T18:00:00Z", kind: visit},
		}},
		{name: "working hours: just before closing", acts: []act{
			{at: "2027-03-01T17:59:59.999Z", kind: visit},
		}},
		{name: "working hours: a refused attempt on Saturday counts", want: RuleWorkingHours, at: "2027-03-06T10:00:00Z", acts: []act{
			{at: "2027-03-06T10:00:00Z", kind: invite, result: refused},
		}},
		{name: "min gap: 89 seconds between different kinds", want: RuleMinGap, at: "2027-03-01T10:01:29Z", acts: []act{
			{at: "2027-03-01T10:00:00Z", kind: visit},
			{at: "2027-03-01T10:01:29Z", kind: invite},
		}},
		{name: "min gap: a failed action still needs the gap", want: RuleMinGap, at: "2027-03-01T10:01:00Z", acts: []act{
			{at: "2027-03-01T10:00:00Z", kind: visit, result: failed},
			{at: "2027-03-01T10:01:00Z", kind: visit, result: refused},
		}},
		{name: "min gap: exactly the gap is fine", acts: []act{
			{at: "2027-03-01T10:00:00Z", kind: visit},
			{at: "2027-03-01T10:01:30Z", kind: invite},
		}},
		{name: "min gap: different accounts do not interact", acts: []act{
			{at: "2027-03-01T10:00:00Z", kind: visit},
			{at: "2027-03-01T10:00:10Z", account: "utc", kind: visit},
		}},
		{name: "unknown account", want: RuleUnknownAccount, at: "2027-03-01T10:00:00Z", acts: []act{
			{at: "2027-03-01T10:00:00Z", account: "bob", kind: visit},
		}},
		{name: "known account", acts: []act{
			{at: "2027-03-01T10:00:00Z", account: "utc", kind: visit},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Check(ledgerOf(t, accounts, tt.acts))
			if tt.want == "" {
				if r.Violations != 0 {
					t.Fatalf("want a clean ledger, got %+v", r.Details)
				}
				return
			}
			if r.Violations != 1 || len(r.Details) != 1 {
				t.Fatalf("want one %s violation, got %d: %+v", tt.want, r.Violations, r.Details)
			}
			v := r.Details[0]
			if v.Rule != tt.want || !v.At.Equal(at(t, tt.at)) {
				t.Errorf("got %s at %s, want %s at %s", v.Rule, v.At, tt.want, tt.at)
			}
			if v.Message == "" || v.Account == "" || v.Kind == "" {
				t.Errorf("violation lacks a field: %+v", v)
			}
		})
	}
}

func TestCheckCapMessageNamesCountAndCap(t *testing.T) {
	t.Parallel()
	r := Check(ledgerOf(t, []Account{alice()}, []act{
		{at: "2027-03-01T10:00:00Z", kind: invite},
		{at: "2027-03-01T11:00:00Z", kind: invite},
		{at: "2027-03-01T12:00:00Z", kind: invite},
		{at: "2027-03-01T13:00:00Z", kind: invite},
		{at: "2027-03-01T14:00:00Z", kind: invite},
	}))
	if r.Violations != 2 {
		t.Fatalf("want the 4th and 5th invites reported, got %+v", r.Details)
	}
	for i, want := range []string{"4 done invite", "5 done invite"} {
		msg := r.Details[i].Message
		if !strings.Contains(msg, want) || !strings.Contains(msg, "weekly cap of 3") {
			t.Errorf("message %q lacks %q or the cap", msg, want)
		}
	}
}

// TestCheckDST checks working hours on the first working day after each 2027 DST
// change, and on the working day before it, in New York and Berlin. The UTC instants
// are written out by hand so the test does not share the code under test's arithmetic.
func TestCheckDST(t *testing.T) {
	t.Parallel()
	mk := func(name, tz string) Account {
		a := alice()
		a.Name, a.Location = name, zone(t, tz)
		return a
	}
	// Night owls whose window starts inside the hour a DST change skips or repeats. The
	// verdict follows the wall clock: on 14 March the clock jumps from 01:59:59 to 03:00,
	// so the window opens at 03:00 EDT, not at 01:30 EST (which is where time.Date puts
	// "02:30" that day); on 7 November 01:10 happens twice and is before 01:30 both times.
	gap := mk("ny-0230", "America/New_York")
	gap.Hours, gap.Days = paceline.WorkingHours{Start: 2*60 + 30, End: 18 * 60}, 1<<7-1
	overlap := mk("ny-0130", "America/New_York")
	overlap.Hours, overlap.Days = paceline.WorkingHours{Start: 60 + 30, End: 18 * 60}, 1<<7-1
	accounts := []Account{mk("ny", "America/New_York"), mk("berlin", "Europe/Berlin"), gap, overlap}
	tests := []struct {
		name    string
		account string
		at      string
		inside  bool
	}{
		// US spring forward, Sunday 2027-03-14: EST (-5) before, EDT (-4) after.
		{"ny Fri before spring 08:30 EST", "ny", "2027-03-12T13:30:00Z", false},
		{"ny Fri before spring 09:30 EST", "ny", "2027-03-12T14:30:00Z", true},
		{"ny Mon after spring 08:30 EDT", "ny", "2027-03-15T12:30:00Z", false},
		{"ny Mon after spring 09:30 EDT", "ny", "2027-03-15T13:30:00Z", true},
		{"ny Mon after spring 17:59 EDT", "ny", "2027-03-15T21:59:00Z", true},
		{"ny Mon after spring 18:00 EDT", "ny", "2027-03-15T22:00:00Z", false},
		// EU spring forward, Sunday 2027-03-28: CET (+1) before, CEST (+2) after.
		{"berlin Fri before spring 08:30 CET", "berlin", "2027-03-26T07:30:00Z", false},
		{"berlin Fri before spring 09:30 CET", "berlin", "2027-03-26T08:30:00Z", true},
		{"berlin Mon after spring 08:30 CEST", "berlin", "2027-03-29T06:30:00Z", false},
		{"berlin Mon after spring 09:30 CEST", "berlin", "2027-03-29T07:30:00Z", true},
		{"berlin Mon after spring 18:00 CEST", "berlin", "2027-03-29T16:00:00Z", false},
		// EU fall back, Sunday 2027-10-31: CEST (+2) before, CET (+1) after.
		{"berlin Fri before autumn 08:30 CEST", "berlin", "2027-10-29T06:30:00Z", false},
		{"berlin Fri before autumn 09:30 CEST", "berlin", "2027-10-29T07:30:00Z", true},
		{"berlin Mon after autumn 08:30 CET", "berlin", "2027-11-01T07:30:00Z", false},
		{"berlin Mon after autumn 09:30 CET", "berlin", "2027-11-01T08:30:00Z", true},
		{"berlin Mon after autumn 17:59 CET", "berlin", "2027-11-01T16:59:00Z", true},
		// US fall back, Sunday 2027-11-07: EDT (-4) before, EST (-5) after.
		{"ny Fri before autumn 08:30 EDT", "ny", "2027-11-05T12:30:00Z", false},
		{"ny Fri before autumn 09:30 EDT", "ny", "2027-11-05T13:30:00Z", true},
		{"ny Mon after autumn 08:30 EST", "ny", "2027-11-08T13:30:00Z", false},
		{"ny Mon after autumn 09:30 EST", "ny", "2027-11-08T14:30:00Z", true},
		{"ny Mon after autumn 18:00 EST", "ny", "2027-11-08T23:00:00Z", false},
		// Between the two changes New York is 5 hours behind Berlin, not 6.
		{"ny between changes 09:30 EDT", "ny", "2027-03-22T13:30:00Z", true},
		{"ny between changes 08:30 EDT", "ny", "2027-03-22T12:30:00Z", false},
		{"ny Sunday of the change 10:00 EDT", "ny", "2027-03-14T14:00:00Z", false},
		// Windows that open inside the skipped or repeated hour.
		{"02:30 window, 01:40 EST before the jump", "ny-0230", "2027-03-14T06:40:00Z", false},
		{"02:30 window, 03:00 EDT right after the jump", "ny-0230", "2027-03-14T07:00:00Z", true},
		{"01:30 window, 01:40 EDT first pass", "ny-0130", "2027-11-07T05:40:00Z", true},
		{"01:30 window, 01:10 EST second pass", "ny-0130", "2027-11-07T06:10:00Z", false},
		{"01:30 window, 01:40 EST second pass", "ny-0130", "2027-11-07T06:40:00Z", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Check(ledgerOf(t, accounts, []act{{at: tt.at, account: tt.account, kind: visit}}))
			if got := r.Violations == 0; got != tt.inside {
				t.Errorf("inside working time = %v, want %v (%+v)", got, tt.inside, r.Details)
			}
			if !tt.inside && (r.Violations != 1 || r.Details[0].Rule != RuleWorkingHours) {
				t.Errorf("want one working_hours violation, got %+v", r.Details)
			}
		})
	}
}

func TestCheckOrderAndTies(t *testing.T) {
	t.Parallel()
	acc := alice()
	acc.MinGap = 0
	// Three invites at one instant after two earlier ones: the window holds five, so the
	// last two (in ledger order) are over the cap of 3, whatever order the ledger has.
	acts := []act{
		{at: "2027-03-03T10:00:00Z", kind: invite},
		{at: "2027-03-01T10:00:00Z", kind: invite},
		{at: "2027-03-03T10:00:00Z", kind: invite},
		{at: "2027-03-02T10:00:00Z", kind: invite},
		{at: "2027-03-03T10:00:00Z", kind: invite},
		{at: "2027-03-01T09:00:00Z", account: "bob", kind: visit},
	}
	l := ledgerOf(t, []Account{acc}, acts)
	before := append([]paceline.Action(nil), l.Actions...)
	r := Check(l)
	for i := range before {
		if before[i] != l.Actions[i] {
			t.Fatalf("Check reordered the ledger's actions")
		}
	}
	var rules []string
	for _, v := range r.Details {
		rules = append(rules, v.Rule+"@"+v.At.Format("02T15"))
	}
	want := "unknown_account@01T09 weekly_cap@03T10 weekly_cap@03T10"
	if got := strings.Join(rules, " "); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if !strings.Contains(r.Details[1].Message, "4 done") || !strings.Contains(r.Details[2].Message, "5 done") {
		t.Errorf("counts not in ledger order: %q, %q", r.Details[1].Message, r.Details[2].Message)
	}
}

func TestCheckSortsByTimeThenAccount(t *testing.T) {
	t.Parallel()
	zed := alice()
	zed.Name = "zed"
	r := Check(ledgerOf(t, []Account{zed, alice()}, []act{
		{at: "2027-03-06T10:00:00Z", account: "zed", kind: visit},
		{at: "2027-03-06T10:00:00Z", kind: visit},
		{at: "2027-03-06T08:00:00Z", account: "zed", kind: visit},
	}))
	var got []string
	for _, v := range r.Details {
		got = append(got, v.Account+"@"+v.At.Format("15"))
	}
	if want := "zed@08 alice@10 zed@10"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

func TestReportJSON(t *testing.T) {
	t.Parallel()
	empty, err := json.Marshal(Check(&Ledger{}))
	if err != nil {
		t.Fatal(err)
	}
	if string(empty) != `{"violations":0,"details":[]}` {
		t.Errorf("empty report is %s", empty)
	}
	r := Check(ledgerOf(t, []Account{alice()}, []act{{at: "2027-03-06T10:00:00+01:00", kind: visit}}))
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"violations":1`, `"rule":"working_hours"`, `"account":"alice"`,
		`"kind":"visit"`, `"at":"2027-03-06T09:00:00Z"`, `"message":"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", b, want)
		}
	}
}

func TestCountByRule(t *testing.T) {
	t.Parallel()
	r := Report{Details: []Violation{{Rule: RuleMinGap}, {Rule: RuleMinGap}, {Rule: RuleDailyCap}}}
	c := r.CountByRule()
	if c[RuleMinGap] != 2 || c[RuleDailyCap] != 1 || c[RuleWeeklyCap] != 0 || len(c) != len(Rules()) {
		t.Errorf("counts %v", c)
	}
}
