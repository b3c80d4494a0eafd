package audit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func TestReadDirSample(t *testing.T) {
	t.Parallel()
	l, err := ReadDir(filepath.Join("testdata", "sample"))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Accounts) != 2 || len(l.Actions) != 7 {
		t.Fatalf("read %d accounts and %d actions, want 2 and 7", len(l.Accounts), len(l.Actions))
	}
	ana, ben := l.Accounts[0], l.Accounts[1]
	if ana.Name != "ana" || ana.Location.String() != "Europe/Berlin" || ana.MinGap != 90*time.Second ||
		ana.WeeklyCaps[paceline.KindInvite] != 100 || ana.DailyCaps[paceline.KindInvite] != 20 || ana.NoteQuotaMonthly != 5 {
		t.Errorf("ana read as %+v", ana)
	}
	if _, ok := ben.DailyCaps[paceline.KindInvite]; ok || ben.NoteQuotaMonthly >= 0 || ben.MinGap != 2*time.Minute ||
		ben.Days.String() != "mon-thu" || ben.Hours.String() != "08:30-17:30" || ben.Type != paceline.TypeSalesNavigator {
		t.Errorf("ben read as %+v", ben)
	}
	first := l.Actions[0]
	if !first.WithNote || first.Kind != paceline.KindInvite || first.Campaign != "q1" || first.Lead != "li:ana-1" {
		t.Errorf("first action read as %+v", first)
	}

	var got []string
	for _, v := range Check(l).Details {
		got = append(got, v.At.Format(time.RFC3339)+" "+v.Account+" "+v.Rule)
	}
	want := []string{
		"2027-03-15T13:30:00Z cleo unknown_account",
		"2027-03-19T14:00:00Z ben working_hours", // a Friday, and ben works mon-thu
		"2027-03-29T06:30:00Z ana working_hours", // 08:30 in Berlin, the day after the change
		"2027-03-29T07:31:00Z ana min_gap",       // written as 09:31+02:00, 60 s after the invite
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

const (
	goodAccounts = "account,type,time_zone,working_hours,working_days,min_gap,weekly_invite_cap,weekly_message_cap\n" +
		"ana,free,UTC,09:00-18:00,mon-fri,90s,100,100\n"
	goodActions = "at,account,kind,lead,result\n2027-03-01T10:00:00Z,ana,invite,x,done\n"
)

func TestReadErrors(t *testing.T) {
	t.Parallel()
	accHeader := "account,type,time_zone,working_hours,working_days,min_gap,weekly_invite_cap,weekly_message_cap\n"
	actHeader := "at,account,kind,lead,result\n"
	tests := []struct {
		name     string
		accounts string
		actions  string
		want     []string // every piece must be in the error
	}{
		{"empty accounts", "", goodActions, []string{"accounts.csv line 1", "empty"}},
		{"accounts lacks a column", "account,type,time_zone,working_hours,working_days,weekly_invite_cap,weekly_message_cap\n", goodActions,
			[]string{"accounts.csv line 1", `lacks column "min_gap"`}},
		{"duplicate column", strings.TrimSuffix(accHeader, "\n") + ",type\n", goodActions, []string{"line 1", `"type" twice`}},
		{"cap column with an unknown kind", strings.TrimSuffix(accHeader, "\n") + ",weekly_invtes_cap\n", goodActions,
			[]string{"line 1", "weekly_invtes_cap", "unknown action kind"}},
		{"bad type", accHeader + "ana,gold,UTC,09:00-18:00,mon-fri,90s,100,100\n", goodActions,
			[]string{"accounts.csv line 2", "type", `"gold"`}},
		{"bad zone", accHeader + "ana,free,Mars/Olympus,09:00-18:00,mon-fri,90s,100,100\n", goodActions,
			[]string{"line 2", "time_zone", "Mars/Olympus"}},
		{"bad hours", accHeader + "ana,free,UTC,18:00-09:00,mon-fri,90s,100,100\n", goodActions,
			[]string{"line 2", "working_hours", "ends before it starts"}},
		{"bad days", accHeader + "ana,free,UTC,09:00-18:00,mon-fry,90s,100,100\n", goodActions,
			[]string{"line 2", "working_days", `"fry"`}},
		{"bad gap", accHeader + "ana,free,UTC,09:00-18:00,mon-fri,-5s,100,100\n", goodActions,
			[]string{"line 2", "min_gap", `"-5s"`}},
		{"bad cap", accHeader + "ana,free,UTC,09:00-18:00,mon-fri,90s,lots,100\n", goodActions,
			[]string{"line 2", "weekly_invite_cap", `"lots"`}},
		{"duplicate account", accHeader + "ana,free,UTC,09:00-18:00,mon-fri,90s,1,1\nana,free,UTC,09:00-18:00,mon-fri,90s,1,1\n", goodActions,
			[]string{"line 3", "already described on line 2"}},
		{"short row", accHeader + "ana,free,UTC\n", goodActions, []string{"accounts.csv line 2", "3 fields", "header has 8"}},
		{"empty actions", goodAccounts, "", []string{"actions.csv line 1", "empty"}},
		{"actions lacks result", goodAccounts, "at,account,kind,lead\n", []string{"actions.csv line 1", `lacks column "result"`}},
		{"bad time", goodAccounts, actHeader + "2027-03-01 10:00,ana,invite,x,done\n", []string{"actions.csv line 2", "at", "RFC 3339"}},
		{"time before year 0 in UTC", goodAccounts, actHeader + "0000-01-01T00:30:00+01:00,ana,invite,x,done\n", []string{"actions.csv line 2", "at", "outside the years 0000 to 9999"}},
		{"bad kind", goodAccounts, actHeader + "2027-03-01T10:00:00Z,ana,poke,x,done\n", []string{"line 2", "kind", `"poke"`}},
		{"bad result", goodAccounts, actHeader + "2027-03-01T10:00:00Z,ana,invite,x,ok\n", []string{"line 2", "result", `"ok"`, "done, refused or failed"}},
		{"bad note", goodAccounts, "at,account,kind,lead,result,note\n2027-03-01T10:00:00Z,ana,invite,x,done,maybe\n",
			[]string{"line 2", "note", `"maybe"`}},
		{"empty account", goodAccounts, actHeader + "2027-03-01T10:00:00Z,,invite,x,done\n", []string{"line 2", "account", "empty"}},
		{"broken quote", goodAccounts, actHeader + "2027-03-01T10:00:00Z,ana,invite,\"x,done\n", []string{"actions.csv line", "not valid CSV"}},
		{"bad row after a quoted newline", goodAccounts, actHeader + "2027-03-01T10:00:00Z,ana,invite,\"x\ny\",done\n2027-03-01T10:00:00Z,ana,invite,x,nope\n",
			[]string{"actions.csv line 4", "result"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			write(t, filepath.Join(dir, AccountsFile), tt.accounts)
			write(t, filepath.Join(dir, ActionsFile), tt.actions)
			_, err := ReadDir(dir)
			if err == nil {
				t.Fatal("read a bad ledger without error")
			}
			if paceline.ErrorCode(err) != paceline.EINVALID {
				t.Errorf("code %q, want %q: %v", paceline.ErrorCode(err), paceline.EINVALID, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestReadDirMissing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := ReadDir(filepath.Join(dir, "nope")); paceline.ErrorCode(err) != paceline.ENOTFOUND || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing dir: %v", err)
	}
	if _, err := ReadDir(dir); paceline.ErrorCode(err) != paceline.ENOTFOUND || !strings.Contains(err.Error(), AccountsFile) {
		t.Errorf("missing accounts.csv: %v", err)
	}
	write(t, filepath.Join(dir, AccountsFile), goodAccounts)
	if _, err := ReadDir(dir); paceline.ErrorCode(err) != paceline.ENOTFOUND || !strings.Contains(err.Error(), ActionsFile) {
		t.Errorf("missing actions.csv: %v", err)
	}
	file := filepath.Join(dir, AccountsFile)
	if _, err := ReadDir(file); paceline.ErrorCode(err) != paceline.EINVALID || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("file as dir: %v", err)
	}
}

func write(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
