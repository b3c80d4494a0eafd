package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
)

// QA's repro: 90 invites sent under a weekly cap of 95 in working hours in UTC, then
// the cap lowered to 60 and the zone moved to Pacific/Kiritimati (where those hours
// are past midnight). audit --db judged every action by today's settings and found
// weekly_cap and working_hours violations; it judges each by the settings in force
// when it happened and finds none. An invite after the change, with 90 in the week,
// breaks the new cap and is reported.
func TestAuditDBJudgesBySettingsOfTheTime(t *testing.T) {
	t.Parallel()
	onBothStores(t, testAuditDBJudgesBySettingsOfTheTime)
}

func testAuditDBJudgesBySettingsOfTheTime(t *testing.T, db string) {
	ctx := context.Background()
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free", "--cap", "invite=95", "--safety", "1",
		"--time-zone", "UTC", "--working-hours", "09:00-18:00", "--working-days", "mon-fri")
	st := openTestStore(t, db)
	// The last three weekdays before today, 30 invites each from 10:00 UTC: all in
	// the last 7 days.
	today := time.Now().UTC().Truncate(24 * time.Hour)
	n := 0
	for d := today.AddDate(0, 0, -1); n < 90; d = d.AddDate(0, 0, -1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		for i := range 30 {
			ref := fmt.Sprint("lead-", n)
			if err := st.RecordAction(ctx, &paceline.Action{Key: "c/" + ref + "/connect", At: d.Add(10*time.Hour + time.Duration(i)*10*time.Minute),
				Account: "ann", Lead: ref, Kind: paceline.KindInvite, Result: paceline.ResultDone, Campaign: "c", Step: "connect"}); err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	mustCLI(t, db, "accounts", "update", "ann", "--cap", "invite=60", "--time-zone", "Pacific/Kiritimati")

	r := auditJSON(t, db)
	if r.Violations != 0 || r.Settings != nil {
		t.Fatalf("audit after the change: %d violations, settings note %+v, want none: %+v", r.Violations, r.Settings, r.Details)
	}
	if text := mustCLI(t, db, "audit"); !strings.Contains(text, "No violations") || strings.Contains(text, "today's settings") {
		t.Errorf("audit after the change:\n%s", text)
	}

	after := time.Now().Add(time.Minute)
	if err := st.RecordAction(ctx, &paceline.Action{Key: "c/late/connect", At: after, Account: "ann", Lead: "late",
		Kind: paceline.KindInvite, Result: paceline.ResultDone, Campaign: "c", Step: "connect"}); err != nil {
		t.Fatal(err)
	}
	r = auditJSON(t, db)
	capped := 0
	for _, v := range r.Details {
		if v.At.Before(after.Add(-time.Second)) {
			t.Errorf("violation by an action before the change: %+v", v)
		}
		if v.Rule == audit.RuleWeeklyCap {
			capped++
			if !strings.Contains(v.Message, "91 done invite") || !strings.Contains(v.Message, "weekly cap of 60") {
				t.Errorf("weekly cap violation %q, want 91 invites over the cap of 60", v.Message)
			}
		}
	}
	if capped != 1 {
		t.Errorf("%d weekly cap violations, want the invite after the change: %+v", capped, r.Details)
	}
}

// auditJSON runs audit --json on db and decodes its report.
func auditJSON(t *testing.T, db string) dbAudit {
	t.Helper()
	_, js, errOut := cli(t, db, "audit", "--json")
	var r dbAudit
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		t.Fatalf("audit --json: %v\n%s%s", err, js, errOut)
	}
	return r
}

// An account with no settings history (stored before paceline kept one) is checked
// with today's settings, and the report says so once.
func TestAuditDBSaysWhichAccountsHaveNoHistory(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	for _, name := range []string{"ann", "bob", "cyd"} {
		mustCLI(t, db, "accounts", "add", "--name", name, "--type", "free")
	}
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = raw.Exec(`DELETE FROM account_settings_history WHERE account_id IN (SELECT id FROM accounts WHERE name IN ('ann', 'cyd'))`)
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	text := mustCLI(t, db, "audit")
	want := "Checked with today's settings throughout, as no history of their settings was kept (created before this paceline): ann, cyd.\n"
	if strings.Count(text, "today's settings") != 1 || !strings.Contains(text, want) {
		t.Errorf("audit:\n%s\nwant the line %q once", text, want)
	}
	if r := auditJSON(t, db); r.Settings == nil || strings.Join(r.Settings.Unrecorded, ",") != "ann,cyd" {
		t.Errorf("audit --json settings_history %+v, want ann and cyd unrecorded", r.Settings)
	}

	// Its first change records what it had until then, assumed since its creation.
	mustCLI(t, db, "accounts", "update", "ann", "--cap", "invite=60")
	text = mustCLI(t, db, "audit")
	if !strings.Contains(text, "no history of their settings was kept (created before this paceline): cyd.\n") ||
		!strings.Contains(text, "with the settings they had then (created before this paceline kept a history of settings): ann.\n") {
		t.Errorf("audit after ann's first change:\n%s", text)
	}
}
