package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/sqlite"
)

// inviteWeek is the invite row of limits show --json.
type inviteWeek struct {
	Type  string `json:"type"`
	Kinds []struct {
		Kind    string `json:"kind"`
		Week    int    `json:"week"`
		WeekCap *int   `json:"week_cap"`
	} `json:"kinds"`
}

func showInviteWeek(t *testing.T, db, account string) (typ string, week, weekCap int) {
	t.Helper()
	var s inviteWeek
	out := mustCLI(t, db, "limits", "show", account, "--json")
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(s.Kinds) == 0 || s.Kinds[0].Kind != "invite" || s.Kinds[0].WeekCap == nil {
		t.Fatalf("limits show lists no capped invite first:\n%s", out)
	}
	return s.Type, s.Kinds[0].Week, *s.Kinds[0].WeekCap
}

// squeeze puts one space between the words of each line, so that tests do not pin
// the table's column widths.
func squeeze(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}

// QA: a client upgraded from free to Sales Navigator could only get a new account
// name, which started from an empty ledger. accounts update changes the type and caps
// in place: the invites of the last days still count against the new cap, and the
// output says what changed.
func TestAccountsUpdateKeepsTheLedger(t *testing.T) {
	t.Parallel()
	onBothStores(t, testAccountsUpdateKeepsTheLedger)
}

func testAccountsUpdateKeepsTheLedger(t *testing.T, db string) {
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free", "--cap", "invite=80", "--sender-name", "Ann", "--safety", "1")
	st := openTestStore(t, db)
	rec, ok := st.(interface {
		RecordAction(context.Context, *paceline.Action) error
	})
	if !ok {
		t.Fatal("the store records no actions")
	}
	now := time.Now().UTC()
	for i := range 70 {
		a := &paceline.Action{At: now.Add(-time.Duration(i+1) * time.Hour), Account: "ann", Kind: paceline.KindInvite,
			Lead: fmt.Sprintf("lead-%d", i), Result: paceline.ResultDone}
		if err := rec.RecordAction(t.Context(), a); err != nil {
			t.Fatal(err)
		}
	}
	if typ, week, cap := showInviteWeek(t, db, "ann"); typ != "free" || week != 70 || cap != 80 {
		t.Fatalf("before: %s, %d/%d invites, want free 70/80", typ, week, cap)
	}

	out := mustCLI(t, db, "accounts", "update", "ann", "--type", "sales-navigator", "--cap", "invite=preset",
		"--cap", "message=120", "--min-gap", "2m", "--time-zone", "Europe/Paris")
	for _, want := range []string{
		"Updated account ann",
		"type free → sales-navigator",
		"time zone UTC → Europe/Paris",
		"min gap 1m30s → 2m0s",
		"cap invite 80 → preset (200)",
		"cap message preset (100) → 120",
		"the actions of the last 7 days count against the new settings",
		"serve ticks ann at once",
	} {
		if !strings.Contains(squeeze(out), want) {
			t.Errorf("update output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "signs as") || strings.Contains(out, "safety") {
		t.Errorf("update lists settings it did not change:\n%s", out)
	}
	if typ, week, cap := showInviteWeek(t, db, "ann"); typ != "sales-navigator" || week != 70 || cap != 200 {
		t.Errorf("after: %s, %d/%d invites, want sales-navigator 70/200 (the ledger kept)", typ, week, cap)
	}
	var v accountView
	if err := json.Unmarshal([]byte(mustCLI(t, db, "accounts", "show", "ann", "--json")), &v); err != nil {
		t.Fatal(err)
	}
	if v.SenderName != "Ann" || v.WorkingHours != "09:00-18:00" || len(v.Caps) != 1 || v.Caps["message"] != 120 {
		t.Errorf("settings not given changed, or caps wrong: %+v", v)
	}
	if out := mustCLI(t, db, "accounts", "update", "ann", "--min-gap", "2m"); !strings.Contains(out, "Nothing changed: ann already has these settings") {
		t.Errorf("an update to the same value said %q", out)
	}
}

// A tick reads the account afresh, but one asleep until its next wake-up (worked out
// under the old caps and hours) would not look before then: update brings it forward,
// as resume does, so that serve's output claim "ticks at once" holds.
func TestAccountsUpdateWakesTheTick(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free")
	mustCLI(t, db, "accounts", "update", "ann", "--safety", "0.9")
	tick := func(sql string, args ...any) (state string) {
		t.Helper()
		st, err := sqlite.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		jdb, err := st.JobDB()
		if err != nil {
			t.Fatal(err)
		}
		defer jdb.Close()
		if sql != "" {
			if _, err := jdb.ExecContext(ctx, sql, args...); err != nil {
				t.Fatal(err)
			}
		}
		if err := jdb.QueryRowContext(ctx, `SELECT state FROM river_job WHERE kind = ?`, runtime.TickArgs{}.Kind()).Scan(&state); err != nil {
			t.Fatal(err)
		}
		return state
	}
	// Asleep for a day, as a snoozed tick is.
	if got := tick(`UPDATE river_job SET state = 'scheduled', scheduled_at = ? WHERE kind = ?`,
		time.Now().Add(24*time.Hour).UTC(), runtime.TickArgs{}.Kind()); got != "scheduled" {
		t.Fatalf("tick state %s, want scheduled", got)
	}
	mustCLI(t, db, "accounts", "update", "ann", "--cap", "invite=60")
	if got := tick(""); got != "available" {
		t.Errorf("after the update the tick is %s, want available (run at once)", got)
	}
}

// A paused account's update says the settings apply when it resumes.
func TestAccountsUpdatePausedSaysWhen(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free", "--safety", "1")
	mustCLI(t, db, "accounts", "pause", "ann")
	out := mustCLI(t, db, "accounts", "update", "ann", "--safety", "0.8")
	if !strings.Contains(squeeze(out), "safety 1 → 0.8") || !strings.Contains(out, "ann is paused: the new settings apply when it resumes") {
		t.Errorf("update of a paused account:\n%s", out)
	}
}

// Changes that make no sense are refused with what to do, and nothing is written.
func TestAccountsUpdateRefuses(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free")
	addMailboxRow(t, db, "ann-mail")
	before := mustCLI(t, db, "accounts", "list")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"ann"}, exitUsage, "accounts update ann changes nothing: give a setting to change (--type, --cap"},
		{[]string{"nobody", "--safety", "0.5"}, exitFailed, `no account named "nobody"`},
		{[]string{"ann", "--executor", "assist"}, exitFailed, "executor: ann's executor is sim and stays so"},
		{[]string{"ann", "--type", "email"}, exitFailed, "type: ann is a LinkedIn account and cannot become a mailbox"},
		{[]string{"ann-mail", "--type", "free"}, exitFailed, `type: ann-mail is a mailbox (an email account): its type is email and cannot become "free"`},
		{[]string{"ann-mail", "--cap", "invite=5"}, exitFailed, "invite is only for LinkedIn accounts"},
		{[]string{"ann", "--type", "gold"}, exitFailed, "type:"},
		{[]string{"ann", "--safety", "2"}, exitFailed, "safety: 2 is outside (0, 1]"},
		{[]string{"ann", "--cap", "invite=lots"}, exitFailed, `cap: "invite=lots": "lots" is not a whole number`},
		{[]string{"ann", "--min-gap", "48h"}, exitFailed, "min-gap: 48h0m0s is longer than a day"},
		{[]string{"ann", "--created", "2999-01-01"}, exitFailed, "created: 2999-01-01 is in the future"},
	} {
		code, _, errOut := cli(t, db, append([]string{"accounts", "update"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("update %v: exit %d, %q; want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
	if after := mustCLI(t, db, "accounts", "list"); after != before {
		t.Errorf("a refused update changed the accounts:\n%s\nthen\n%s", before, after)
	}
}

// addMailboxRow stores an email account without its mailbox settings, which update
// does not read (accounts add would check them against live servers).
func addMailboxRow(t *testing.T, db, name string) {
	t.Helper()
	acc := &paceline.Account{Name: name, Type: paceline.TypeEmail, Executor: paceline.ExecutorEmail, State: paceline.AccountActive,
		TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays, MinGap: paceline.DefaultMinGap, Safety: 1}
	if err := openTestStore(t, db).CreateAccount(t.Context(), acc); err != nil {
		t.Fatal(err)
	}
}

// A mailbox's schedule and email cap can change; its type stays email.
func TestAccountsUpdateMailbox(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	addMailboxRow(t, db, "ann-mail")
	out := mustCLI(t, db, "accounts", "update", "ann-mail", "--cap", "email=100", "--working-days", "mon-sat", "--min-gap", "10s")
	for _, want := range []string{"cap email preset (250) → 100", "working days mon-fri → mon-sat", "min gap 1m30s → 10s"} {
		if !strings.Contains(squeeze(out), want) {
			t.Errorf("mailbox update lacks %q:\n%s", want, out)
		}
	}
}
