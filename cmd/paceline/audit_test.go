package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
)

// runAudit runs paceline audit in-process and returns the exit code and both streams.
func runAudit(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"audit"}, args...), strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// writeAuditLedger writes a ledger of one account, ana (UTC, Monday to Friday
// 09:00-18:00, 90 s gap, 2 invites a week), with the given actions.
func writeAuditLedger(t *testing.T, actions ...paceline.Action) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ledger")
	l := &audit.Ledger{
		Accounts: []audit.Account{{
			Name: "ana", Type: paceline.TypeFree, Location: time.UTC,
			Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays, MinGap: 90 * time.Second,
			WeeklyCaps:       map[paceline.ActionKind]int{paceline.KindInvite: 2, paceline.KindMessage: 100},
			NoteQuotaMonthly: -1,
		}},
		Actions: actions,
	}
	if err := audit.WriteDir(dir, l); err != nil {
		t.Fatal(err)
	}
	return dir
}

// invitesAt returns done invites of ana at the given hours of Monday 2027-03-01 (UTC).
func invitesAt(hours ...int) []paceline.Action {
	var out []paceline.Action
	for i, h := range hours {
		out = append(out, paceline.Action{
			At: time.Date(2027, 3, 1, h, 0, 0, 0, time.UTC), Account: "ana", Kind: paceline.KindInvite,
			Lead: fmt.Sprintf("li:%d", i), Result: paceline.ResultDone,
		})
	}
	return out
}

func TestAuditClean(t *testing.T) {
	t.Parallel()
	dir := writeAuditLedger(t, invitesAt(10, 11)...)
	code, out, errOut := runAudit(t, "--ledger", dir)
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"1 account, 2 actions", "No violations"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runAudit(t, "--ledger", dir, "--json")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var r audit.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if r.Violations != 0 || r.Details == nil || !strings.Contains(out, `"details": []`) {
		t.Errorf("want no violations and an empty list, got %s", out)
	}
}

func TestAuditViolations(t *testing.T) {
	t.Parallel()
	// Invites at 07:00 (before hours), 10:00 and 11:00 (the third of the week, over the
	// cap of 2) and a stranger's visit.
	acts := invitesAt(7, 10, 11)
	acts = append(acts, paceline.Action{At: time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC), Account: "zoe",
		Kind: paceline.KindVisit, Result: paceline.ResultDone})
	dir := writeAuditLedger(t, acts...)

	code, out, errOut := runAudit(t, "--ledger", dir, "--json")
	if code != exitOK {
		t.Fatalf("violations must not fail the command: exit %d, %s", code, errOut)
	}
	var r audit.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	var got []string
	for _, v := range r.Details {
		got = append(got, v.At.Format("15")+" "+v.Account+" "+v.Kind+" "+v.Rule)
	}
	want := "07 ana invite working_hours,11 ana invite weekly_cap,12 zoe visit unknown_account"
	if r.Violations != 3 || strings.Join(got, ",") != want {
		t.Errorf("got %d: %v, want %s", r.Violations, got, want)
	}
	for _, key := range []string{`"violations": 3`, `"rule"`, `"account"`, `"kind"`, `"at"`, `"message"`} {
		if !strings.Contains(out, key) {
			t.Errorf("JSON lacks %s:\n%s", key, out)
		}
	}

	code, out, _ = runAudit(t, "--ledger", dir)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"3 violations:", "weekly_cap", "working_hours", "unknown_account", "First 3:",
		"2027-03-01T11:00:00Z", "weekly cap of 2"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "min_gap") || strings.Contains(out, "more") {
		t.Errorf("summary lists a rule without violations or hidden ones:\n%s", out)
	}
}

func TestAuditSummaryIsShort(t *testing.T) {
	t.Parallel()
	// Twelve invites at once: eleven too close together, ten over the weekly cap.
	var acts []paceline.Action
	for range 12 {
		acts = append(acts, invitesAt(10)...)
	}
	dir := writeAuditLedger(t, acts...)
	_, out, _ := runAudit(t, "--ledger", dir)
	if !strings.Contains(out, "21 violations:") || !strings.Contains(out, "First 10:") || !strings.Contains(out, "and 11 more") {
		t.Errorf("summary:\n%s", out)
	}
	if n := strings.Count(out, "\n  2027-03-01T10:00:00Z"); n != 10 {
		t.Errorf("summary lists %d violations, want 10:\n%s", n, out)
	}
}

func TestAuditUnreadableLedger(t *testing.T) {
	t.Parallel()
	bad := writeAuditLedger(t, invitesAt(10)...)
	if err := os.WriteFile(filepath.Join(bad, audit.ActionsFile),
		[]byte("at,account,kind,lead,result\n2027-03-01T10:00:00Z,ana,invite,x,done\n2027-03-01T11:00:00Z,ana,invite,y,sent\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	noHeader := writeAuditLedger(t)
	if err := os.WriteFile(filepath.Join(noHeader, audit.AccountsFile), []byte("name,type\nana,free\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "nothing-here")
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"missing directory", []string{"--ledger", missing}, exitFailed, []string{missing, "does not exist"}},
		{"bad row", []string{"--ledger", bad, "--json"}, exitFailed, []string{"actions.csv line 3", `"sent"`, "done, refused or failed"}},
		{"bad header", []string{"--ledger", noHeader}, exitFailed, []string{"accounts.csv line 1", `lacks column "account"`}},
		{"no ledger", nil, exitUsage, []string{"--ledger DIR"}},
		{"stray argument", []string{"--ledger", bad, "extra"}, exitUsage, []string{"takes no arguments"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runAudit(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if out != "" {
				t.Errorf("wrote to stdout on failure: %q", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q lacks %q", errOut, w)
				}
			}
		})
	}
}

// TestAuditDailyCaps audits 150 invites in one day. The ledger simulate --ledger
// writes lists its daily caps (none: LinkedIn publishes none, and the daily figure of
// limits presets is a pacing target), and the audit says which it checked; a ledger
// with a daily invite cap of 20 has its daily violations reported; a ledger written
// before daily caps were listed is audited with the caps of the account type's preset,
// and the audit says so.
func TestAuditDailyCaps(t *testing.T) {
	t.Parallel()
	var burst []paceline.Action
	for i := range 150 {
		burst = append(burst, paceline.Action{At: time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * 3 * time.Minute),
			Account: "ana", Kind: paceline.KindInvite, Lead: fmt.Sprint("li:", i), Result: paceline.ResultDone})
	}
	ledger := func(daily map[paceline.ActionKind]int) string {
		dir := filepath.Join(t.TempDir(), "ledger")
		l := &audit.Ledger{Accounts: []audit.Account{{Name: "ana", Type: paceline.TypeFree, Hours: paceline.DefaultWorkingHours,
			Days: paceline.DefaultWorkingDays, MinGap: 90 * time.Second, WeeklyCaps: map[paceline.ActionKind]int{paceline.KindInvite: 100},
			DailyCaps: daily, NoteQuotaMonthly: -1}}, Actions: burst}
		if err := audit.WriteDir(dir, l); err != nil {
			t.Fatal(err)
		}
		return dir
	}

	capped := ledger(map[paceline.ActionKind]int{paceline.KindInvite: 20})
	code, out, errOut := runAudit(t, "--ledger", capped)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"Daily caps checked over rolling 24 hours: invite 20 a day (1 account).", "daily_cap   130", "weekly_cap  50"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}

	// An old ledger: the same accounts.csv without its daily cap columns.
	old := ledger(nil)
	header := "account,type,time_zone,working_hours,working_days,min_gap,weekly_invite_cap,weekly_message_cap"
	if err := os.WriteFile(filepath.Join(old, audit.AccountsFile), []byte(header+"\nana,free,UTC,09:00-18:00,mon-fri,90s,100,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runAudit(t, "--ledger", old)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"accounts.csv lists no daily caps", "daily caps of its type's preset", "Daily caps: none set, so none checked (LinkedIn publishes no daily cap", "weekly_cap  50"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary of an old ledger lacks %q:\n%s", want, out)
		}
	}
	code, out, errOut = runAudit(t, "--ledger", old, "--json")
	var r audit.Report
	if err := json.Unmarshal([]byte(out), &r); code != exitOK || err != nil {
		t.Fatalf("exit %d, %v in %s", code, err, out)
	}
	if !strings.Contains(errOut, "lists no daily caps") {
		t.Errorf("--json of an old ledger does not say where its daily caps come from: stderr %q", errOut)
	}

	// simulate --ledger lists the daily caps, empty as no seat has one.
	sim := filepath.Join(t.TempDir(), "run")
	var so, se bytes.Buffer
	if code := run([]string{"simulate", "--leads", "20", "--weeks", "1", "--ledger", sim}, strings.NewReader(""), &so, &se); code != exitOK {
		t.Fatalf("simulate: exit %d, %s", code, se.String())
	}
	b, err := os.ReadFile(filepath.Join(sim, audit.AccountsFile))
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(b), "\n"); !strings.Contains(first, "daily_invite_cap,daily_message_cap") {
		t.Errorf("simulate --ledger wrote the header %q, without the daily caps", first)
	}
	_, out, _ = runAudit(t, "--ledger", sim)
	if !strings.Contains(out, "Daily caps: none set") || strings.Contains(out, "lists no daily caps") {
		t.Errorf("audit of a simulated ledger:\n%s", out)
	}
}
