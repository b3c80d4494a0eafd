package audit

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// handLedger writes a ledger directory from the text of accounts.csv and rows of
// actions.csv (without the header at,account,kind,lead,result,note) and reads it back.
func handLedger(t *testing.T, accounts string, actions []string) *Ledger {
	t.Helper()
	dir := t.TempDir()
	acts := "at,account,kind,lead,result,note\n" + strings.Join(actions, "")
	for name, text := range map[string]string{AccountsFile: accounts, ActionsFile: acts} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// rows returns n actions.csv rows of account's done kind, from Monday 2027-03-01 09:00
// UTC on, 40 a working day 13 minutes apart; the first notes of them carry a note.
func rows(account string, kind paceline.ActionKind, n, notes int, from time.Time) []string {
	var out []string
	for i := range n {
		at := from.AddDate(0, 0, i/40).Add(time.Duration(i%40) * 13 * time.Minute)
		out = append(out, fmt.Sprintf("%s,%s,%s,li:%s-%s-%d,done,%t\n", at.Format(time.RFC3339), account, kind, account, kind, i, i < notes))
	}
	return out
}

var monday = time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)

// countRules returns the violations per account and rule, as "account rule" keys.
func countRules(r Report) map[string]int {
	out := map[string]int{}
	for _, v := range r.Details {
		out[v.Account+" "+v.Rule]++
	}
	return out
}

func findingKeys(r Report) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Account+" "+f.Rule+" "+f.What)
	}
	return out
}

const handHeader = "account,type,time_zone,working_hours,working_days,min_gap,weekly_invite_cap,weekly_message_cap"

// TestEmptyCapsAreThePreset: an empty cap cell, and a cap or quota column the file does
// not have, is the account type's preset (LinkedIn's limit), not "no cap" (finding 2 of
// the limits QA: 200 invites in a week and 10 noted invites passed the audit).
func TestEmptyCapsAreThePreset(t *testing.T) {
	t.Parallel()
	var acts []string
	acts = append(acts, rows("fay", paceline.KindInvite, 200, 10, monday)...)
	acts = append(acts, rows("sam", paceline.KindInvite, 200, 10, monday)...)
	l := handLedger(t, handHeader+"\nfay,free,UTC,09:00-18:00,mon-fri,90s,,\nsam,sales-navigator,UTC,09:00-18:00,mon-fri,90s,,\n", acts)
	r := Check(l)
	got := countRules(r)
	want := map[string]int{"fay weekly_cap": 100, "fay note_quota": 5} // sam: 200 a week, notes within the invites
	if !maps.Equal(got, want) {
		t.Errorf("violations %v, want %v", got, want)
	}
	wantFindings := []string{
		"fay cap_from_preset weekly invite cap", "fay cap_from_preset weekly message cap", "fay cap_from_preset note quota",
		"sam cap_from_preset weekly invite cap", "sam cap_from_preset weekly message cap",
	}
	if f := findingKeys(r); !slices.Equal(f, wantFindings) {
		t.Errorf("findings %q, want %q", f, wantFindings)
	}
	if m := r.Findings[0].Message; !strings.Contains(m, "the free preset's 100 per rolling 7 days, LinkedIn's limit") {
		t.Errorf("finding says %q", m)
	}
	for _, v := range r.Details {
		if v.Rule == RuleWeeklyCap && !strings.Contains(v.Message, "over the weekly cap of 100 (LinkedIn's limit for a free account)") {
			t.Fatalf("violation says %q", v.Message)
		}
	}
	// A cap given in full is the account's own, even under LinkedIn's: no finding.
	l = handLedger(t, handHeader+",note_quota_monthly\nfay,free,UTC,09:00-18:00,mon-fri,90s,50,100,3\n", rows("fay", paceline.KindInvite, 60, 4, monday))
	r = Check(l)
	if got, want := countRules(r), map[string]int{"fay weekly_cap": 10, "fay note_quota": 1}; !maps.Equal(got, want) || len(r.Findings) != 0 {
		t.Errorf("own caps: violations %v (want %v), findings %q", got, want, findingKeys(r))
	}
}

// TestCapsAboveLinkedIn: a cap above LinkedIn's limit for the type is a finding, and
// the actions are checked against the limit, since paceline records no
// --beyond-safe-limits consent that could show the seat really allows more.
func TestCapsAboveLinkedIn(t *testing.T) {
	t.Parallel()
	var acts []string
	acts = append(acts, rows("big", paceline.KindInvite, 200, 10, monday)...)
	acts = append(acts, rows("nav", paceline.KindInMail, 60, 0, monday)...)
	l := handLedger(t, handHeader+",note_quota_monthly,inmail_monthly,inmail_rollover_cap\n"+
		"big,free,UTC,09:00-18:00,mon-fri,90s,500,100,10,,\n"+
		"nav,sales-navigator,UTC,09:00-18:00,mon-fri,90s,200,150,,100,40\n", acts)
	r := Check(l)
	wantFindings := []string{
		"big cap_above_linkedin weekly invite cap", "big cap_above_linkedin note quota",
		"nav cap_above_linkedin InMail credits a month",
	}
	if f := findingKeys(r); !slices.Equal(f, wantFindings) {
		t.Errorf("findings %q, want %q", f, wantFindings)
	}
	m := r.Findings[0].Message
	for _, want := range []string{"weekly invite cap 500 is above LinkedIn's 100 for a free account", "--beyond-safe-limits", "checked against 100"} {
		if !strings.Contains(m, want) {
			t.Errorf("finding %q lacks %q", m, want)
		}
	}
	// nav's rollover cap of 40 is its own (under LinkedIn's 150); its monthly 100 is
	// held to 50: a full bank of 40 at the first InMail, then nothing more in March.
	if got, want := countRules(r), map[string]int{"big weekly_cap": 100, "big note_quota": 5, "nav inmail_credits": 20}; !maps.Equal(got, want) {
		t.Errorf("violations %v, want %v", got, want)
	}

	// Held to nothing but its own caps (an in-memory ledger, as the Pacer's property
	// tests build), the same account may send its 500.
	l.HoldToLinkedIn = false
	l.InMail = nil
	r = Check(l)
	if got := countRules(r); len(got) != 0 || len(r.Findings) != 0 {
		t.Errorf("unheld: violations %v (want none), findings %q", got, findingKeys(r))
	}
	if !slices.Contains(r.Unchecked, uncheckedLinkedIn) || !slices.ContainsFunc(r.Unchecked, func(s string) bool {
		return strings.HasPrefix(s, "InMail credits of nav:")
	}) {
		t.Errorf("unheld: unchecked %q", r.Unchecked)
	}
}

// TestInMailCredits: a free account's InMails, and more InMails than the type's
// monthly credits and rollover allow, are inmail_credits violations; refused InMails
// spend nothing, and each calendar month in the account's zone adds its credits.
func TestInMailCredits(t *testing.T) {
	t.Parallel()
	var acts []string
	acts = append(acts, rows("fay", paceline.KindInMail, 3, 0, monday)...)
	// pat (premium-career, 5 a month up to 15): 17 in March, 7 in April (Paris time:
	// the first of April begins at 22:00 UTC on 31 March).
	acts = append(acts, rows("pat", paceline.KindInMail, 17, 0, monday)...)
	acts = append(acts, rows("pat", paceline.KindInMail, 7, 0, time.Date(2027, 4, 1, 7, 0, 0, 0, time.UTC))...)
	acts = append(acts, "2027-03-01T08:00:00Z,pat,inmail,li:x,refused,false\n")
	// bea (premium-business) gives her own credits: 2 a month, up to 2.
	acts = append(acts, rows("bea", paceline.KindInMail, 3, 0, monday)...)
	l := handLedger(t, handHeader+",inmail_monthly,inmail_rollover_cap\n"+
		"fay,free,UTC,09:00-18:00,mon-fri,90s,100,100,,\n"+
		"pat,premium-career,Europe/Paris,08:00-20:00,mon-fri,90s,100,150,,\n"+
		"bea,premium-business,UTC,09:00-18:00,mon-fri,90s,100,150,2,2\n", acts)
	r := Check(l)
	if got, want := countRules(r), map[string]int{"fay inmail_credits": 3, "pat inmail_credits": 4, "bea inmail_credits": 1}; !maps.Equal(got, want) {
		t.Errorf("violations %v, want %v", got, want)
	}
	var pat []string
	for _, v := range r.Details {
		switch {
		case v.Account == "fay" && v.Message != "a free account has no InMail credits":
			t.Errorf("fay's violation says %q", v.Message)
		case v.Account == "pat":
			pat = append(pat, v.At.Format("01-02"))
			if !strings.Contains(v.Message, "the premium-career preset's credits are 5 a month, rolling over up to 15") {
				t.Errorf("pat's violation says %q", v.Message)
			}
		case v.Account == "bea" && !strings.Contains(v.Message, "the ledger's credits are 2 a month"):
			t.Errorf("bea's violation says %q", v.Message)
		}
	}
	// 15 in March's bank, then the 16th and 17th; April adds 5 (the 6th and 7th).
	if want := []string{"03-01", "03-01", "04-01", "04-01"}; !slices.Equal(pat, want) {
		t.Errorf("pat's violations on %v, want %v", pat, want)
	}
	if !slices.Contains(r.Unchecked, uncheckedRefunds) {
		t.Errorf("the report does not say refunds went unchecked: %q", r.Unchecked)
	}
	if rule := RuleInMailCredits; !slices.Contains(Rules(), rule) || r.CountByRule()[rule] != 8 {
		t.Errorf("%s is not counted: %v", rule, r.CountByRule())
	}
}

// TestInMailGrantDoesNotOverflow: credits as large as an int holds still add up to
// the rollover cap rather than wrapping round.
func TestInMailGrantDoesNotOverflow(t *testing.T) {
	t.Parallel()
	huge := &Credits{Monthly: 1 << 62, RolloverCap: 1<<63 - 1}
	if got := grant(5, 1000, huge); got != huge.RolloverCap {
		t.Errorf("grant = %d, want %d", got, huge.RolloverCap)
	}
	if got := grant(0, 2, &Credits{Monthly: 5, RolloverCap: 15}); got != 10 {
		t.Errorf("grant = %d, want 10", got)
	}
	if got := grant(3, 1, &Credits{Monthly: 50, RolloverCap: 20}); got != 20 {
		t.Errorf("grant = %d, want 20", got)
	}
}
