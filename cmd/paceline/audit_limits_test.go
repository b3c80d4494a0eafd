package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/audit"
)

// TestAuditHoldsLedgersToLinkedIn is QA's repro of finding 2 (limits, 2026-11-27): a
// free account whose cap cells are empty and one with weekly_invite_cap=500, each with
// 200 invites in one week, 10 of them noted, and 40 InMails. The audit said "No
// violations ... all held"; it now holds both to LinkedIn's limits for a free account,
// says which caps it did not take as given, and what it could not check.
func TestAuditHoldsLedgersToLinkedIn(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "ledger")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	accounts := "account,type,time_zone,working_hours,working_days,min_gap,weekly_invite_cap,weekly_message_cap,daily_invite_cap\n" +
		"fay,free,UTC,09:00-18:00,mon-fri,90s,,,\nbig,free,UTC,09:00-18:00,mon-fri,90s,500,,\n"
	var acts strings.Builder
	acts.WriteString("at,account,kind,lead,result,note\n")
	monday := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, acc := range []string{"fay", "big"} {
		for i := range 200 {
			at := monday.AddDate(0, 0, i/40).Add(time.Duration(i%40) * 13 * time.Minute)
			fmt.Fprintf(&acts, "%s,%s,invite,li:%s%d,done,%t\n", at.Format(time.RFC3339), acc, acc, i, i < 10)
		}
		for i := range 40 {
			at := monday.AddDate(0, 0, 7+i/8).Add(time.Duration(i%8)*time.Hour + 5*time.Minute)
			fmt.Fprintf(&acts, "%s,%s,inmail,li:%sm%d,done,false\n", at.Format(time.RFC3339), acc, acc, i)
		}
	}
	for name, text := range map[string]string{audit.AccountsFile: accounts, audit.ActionsFile: acts.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	code, out, errOut := runAudit(t, "--ledger", dir)
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		"Limits not taken as the ledger gives them (6):",
		"fay  cap_from_preset     no weekly invite cap given: invites are checked against the free preset's 100",
		"big  cap_above_linkedin  weekly invite cap 500 is above LinkedIn's 100 for a free account",
		"290 violations:", "weekly_cap      200", "note_quota      10", "inmail_credits  80",
		"Not checked:", "warm-up and back-off",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "No violations") || strings.Contains(out, "InMail refunds") {
		t.Errorf("summary (free accounts have no credits to refund):\n%s", out)
	}

	code, out, _ = runAudit(t, "--ledger", dir, "--json")
	var r audit.Report
	if err := json.Unmarshal([]byte(out), &r); code != exitOK || err != nil {
		t.Fatalf("exit %d, %v in %s", code, err, out)
	}
	if r.Violations != 290 || len(r.Findings) != 6 || len(r.Unchecked) == 0 {
		t.Errorf("JSON: %d violations, %d findings, unchecked %q", r.Violations, len(r.Findings), r.Unchecked)
	}
	for _, key := range []string{`"findings": [`, `"rule": "cap_above_linkedin"`, `"what": "weekly invite cap"`, `"unchecked": [`} {
		if !strings.Contains(out, key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
}
