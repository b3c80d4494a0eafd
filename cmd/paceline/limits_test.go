package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func TestLimitsPresetsJSON(t *testing.T) {
	t.Parallel()
	out := mustCLI(t, filepath.Join(t.TempDir(), "p.db"), "limits", "presets", "--json")
	var presets []map[string]any
	if err := json.Unmarshal([]byte(out), &presets); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	want := []string{"free", "premium-career", "premium-business", "sales-navigator", "recruiter-lite"}
	if len(presets) != len(want) {
		t.Fatalf("%d presets, want %d", len(presets), len(want))
	}
	for i, p := range presets {
		if p["type"] != want[i] {
			t.Errorf("preset %d is %v, want %s", i, p["type"], want[i])
		}
		for _, field := range []string{"weekly", "inmail_monthly", "inmail_rollover_cap", "note_quota_monthly", "note_max_chars", "open_profile", "daily_target"} {
			if _, ok := p[field]; !ok {
				t.Errorf("%s lacks %s", want[i], field)
			}
		}
		weekly := p["weekly"].(map[string]any)
		if weekly["invite"] == nil || weekly["message"] == nil {
			t.Errorf("%s: weekly lacks invite or message: %v", want[i], weekly)
		}
	}
	free, sn := presets[0], presets[3]
	if free["note_quota_monthly"] != 5.0 || free["note_max_chars"] != 200.0 || free["open_profile"] != false {
		t.Errorf("free preset wrong: %v", free)
	}
	if sn["note_quota_monthly"] != nil || sn["weekly"].(map[string]any)["invite"] != 200.0 || sn["inmail_monthly"] != 50.0 {
		t.Errorf("sales-navigator preset wrong: %v", sn)
	}
}

func TestLimitsPlan(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	out := mustCLI(t, db, "limits", "plan", "--type", "free", "--time-zone", "Europe/Paris", "--start", "2027-03-01", "--count", "25", "--json", "--safety", "1")
	var plan struct {
		Slots []struct {
			At      time.Time `json:"at"`
			Kind    string    `json:"kind"`
			Why     string    `json:"why"`
			Explain string    `json:"explain"`
		} `json:"slots"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatal(err)
	}
	if len(plan.Slots) != 25 {
		t.Fatalf("%d slots, want 25", len(plan.Slots))
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	perDay := map[int]int{}
	for i, s := range plan.Slots {
		lt := s.At.In(paris)
		if lt.Hour() < 9 || lt.Hour() >= 18 || lt.Weekday() == time.Saturday || lt.Weekday() == time.Sunday {
			t.Errorf("slot %d at %v is outside working time", i, lt)
		}
		if i > 0 && s.At.Sub(plan.Slots[i-1].At) < 90*time.Second {
			t.Errorf("slot %d only %v after the previous", i, s.At.Sub(plan.Slots[i-1].At))
		}
		perDay[lt.Day()]++
	}
	if perDay[1] != 20 || perDay[2] != 5 {
		t.Errorf("per day %v, want the day budget of 20 on Monday and the rest on Tuesday", perDay)
	}
	if plan.Slots[0].Why != "outside_hours" || plan.Slots[1].Why != "spacing" || plan.Slots[20].Why != "daily_budget" {
		t.Errorf("reasons %s, %s, %s", plan.Slots[0].Why, plan.Slots[1].Why, plan.Slots[20].Why)
	}
	human := mustCLI(t, db, "limits", "plan", "--type", "free", "--time-zone", "Europe/Paris", "--start", "2027-03-01", "--count", "3")
	if !strings.Contains(human, "outside working hours until Mon 1 Mar 09:00 Europe/Paris") {
		t.Errorf("human plan lacks the reason:\n%s", human)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("plan created a database")
	}
}

func TestLimitsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"limits", "plan"}, "type: is missing"},
		{[]string{"limits", "plan", "--type", "gold"}, `type: unknown account type "gold"`},
		{[]string{"limits", "plan", "--type", "free", "--working-hours", "9-18"}, "working-hours:"},
		{[]string{"limits", "plan", "--type", "free", "--working-days", "weekdays"}, "working-days:"},
		{[]string{"limits", "plan", "--type", "free", "--time-zone", "Mars/Olympus"}, "time-zone:"},
		{[]string{"limits", "plan", "--type", "free", "--safety", "1.5"}, "safety:"},
		{[]string{"limits", "plan", "--type", "free", "--min-gap", "-1s"}, "min-gap:"},
		{[]string{"limits", "plan", "--type", "free", "--min-gap", "1000000h"}, "min-gap: 1000000h0m0s is longer than a day"},
		{[]string{"limits", "plan", "--type", "free", "--count", "0"}, "count:"},
		{[]string{"limits", "plan", "--type", "free", "--kind", "poke"}, "kind:"},
		{[]string{"limits", "plan", "--type", "free", "--start", "March"}, "start:"},
		{[]string{"limits", "show", "nobody"}, "no database at"},
	}
	for _, tt := range tests {
		db := filepath.Join(t.TempDir(), "p.db")
		code, _, errOut := cli(t, db, tt.args...)
		if code == exitOK || !strings.Contains(errOut, tt.want) {
			t.Errorf("paceline %s: exit %d, stderr %q; want a failure mentioning %q", strings.Join(tt.args, " "), code, errOut, tt.want)
		}
		if _, err := os.Stat(db); err == nil {
			t.Errorf("paceline %s left a database behind", strings.Join(tt.args, " "))
		}
	}
}

func TestLimitsShow(t *testing.T) {
	t.Parallel()
	onBothStores(t, testLimitsShow)
}

func testLimitsShow(t *testing.T, db string) {
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free", "--time-zone", "Europe/Paris", "--safety", "1")
	code, _, errOut := cli(t, db, "limits", "show", "bob")
	if code == exitOK || !strings.Contains(errOut, "bob") {
		t.Fatalf("show of a missing account: exit %d, %q", code, errOut)
	}
	// A full week of invites in the ledger: the weekly cap binds and says until when.
	st := openTestStore(t, db)
	paris, _ := time.LoadLocation("Europe/Paris")
	for d := 1; d <= 5; d++ {
		for i := 0; i < 20; i++ {
			at := time.Date(2027, 3, d, 9, 10+i*25, 0, 0, paris)
			if err := st.RecordAction(t.Context(), &paceline.Action{At: at, Account: "ann", Kind: paceline.KindInvite,
				Lead: "lead-" + at.Format(time.RFC3339), Result: paceline.ResultDone}); err != nil {
				t.Fatal(err)
			}
		}
	}
	out := mustCLI(t, db, "limits", "show", "ann", "--at", "2027-03-08T09:05:00+01:00", "--json")
	var snap struct {
		Account string `json:"account"`
		Kinds   []struct {
			Kind    string `json:"kind"`
			Week    int    `json:"week"`
			WeekCap *int   `json:"week_cap"`
			Reason  string `json:"reason"`
			Explain string `json:"explain"`
		} `json:"kinds"`
		NotesUsed *int `json:"notes_used_this_month"`
	}
	if err := json.Unmarshal([]byte(out), &snap); err != nil {
		t.Fatal(err)
	}
	invite := snap.Kinds[0]
	if invite.Kind != "invite" || invite.Week != 100 || invite.WeekCap == nil || *invite.WeekCap != 100 || invite.Reason != "weekly_cap" {
		t.Fatalf("invite usage %+v", invite)
	}
	if !strings.Contains(invite.Explain, "weekly cap 100/100 until Mon 8 Mar 09:10 Europe/Paris") {
		t.Errorf("explain %q", invite.Explain)
	}
	if snap.NotesUsed == nil {
		t.Error("a free account shows its note quota")
	}
	// Twenty minutes later last Monday's first invite has left the window.
	human := mustCLI(t, db, "limits", "show", "ann", "--at", "2027-03-08T09:30:00+01:00")
	for _, want := range []string{"ann (free)", "invite", "99/100", "now", "Personal notes this month: 0/5"} {
		if !strings.Contains(human, want) {
			t.Errorf("show lacks %q:\n%s", want, human)
		}
	}
}

func TestAccountOverridesEveryPresetNumber(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "rec", "--type", "premium-career", "--safety", "1",
		"--cap", "invite=60", "--cap", "daily_invite=7", "--cap", "inmail_monthly=20",
		"--cap", "inmail_rollover_cap=40", "--cap", "note-quota-monthly=3", "--beyond-safe-limits")
	var view struct {
		Caps map[string]int `json:"caps"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, db, "accounts", "show", "rec", "--json")), &view); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"invite": 60, "daily_invite": 7, "inmail_monthly": 20, "inmail_rollover_cap": 40, "note_quota_monthly": 3}
	for k, v := range want {
		if view.Caps[k] != v {
			t.Errorf("caps[%s] = %d, want %d (all: %v)", k, view.Caps[k], v, view.Caps)
		}
	}
	var snap struct {
		Kinds []struct {
			Kind      string `json:"kind"`
			WeekCap   *int   `json:"week_cap"`
			DayBudget int    `json:"day_budget"`
		} `json:"kinds"`
		InMailCredits *int `json:"inmail_credits"`
		NoteQuota     *int `json:"note_quota_monthly"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, db, "limits", "show", "rec", "--json")), &snap); err != nil {
		t.Fatal(err)
	}
	invite := snap.Kinds[0]
	if invite.Kind != "invite" || *invite.WeekCap != 60 || invite.DayBudget != 7 {
		t.Errorf("invite usage %+v, want cap 60 and a day budget of 7 (the daily hard cap)", invite)
	}
	if snap.InMailCredits == nil || *snap.InMailCredits != 20 || snap.NoteQuota == nil || *snap.NoteQuota != 3 {
		t.Errorf("credits %v, note quota %v", snap.InMailCredits, snap.NoteQuota)
	}
	code, _, errOut := cli(t, db, "accounts", "add", "--name", "bad", "--type", "free", "--cap", "daily_poke=3")
	if code == exitOK || !strings.Contains(errOut, "cap:") {
		t.Errorf("unknown limit accepted: exit %d %q", code, errOut)
	}
}
