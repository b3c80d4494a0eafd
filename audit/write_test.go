package audit

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func TestWriteDirRoundTrip(t *testing.T) {
	t.Parallel()
	ny := zone(t, "America/New_York")
	in := &Ledger{
		Accounts: []Account{
			{
				Name: "ana", Type: paceline.TypeFree, Location: zone(t, "Europe/Berlin"),
				Hours: paceline.WorkingHours{Start: 9 * 60, End: 18 * 60}, Days: paceline.DefaultWorkingDays,
				MinGap:           90 * time.Second,
				WeeklyCaps:       map[paceline.ActionKind]int{paceline.KindInvite: 100, paceline.KindMessage: 100, paceline.KindInMail: 0},
				DailyCaps:        map[paceline.ActionKind]int{paceline.KindInvite: 20},
				NoteQuotaMonthly: 5,
			},
			{
				Name: "ben, the second", Type: paceline.TypeSalesNavigator, Location: ny,
				Hours: paceline.WorkingHours{Start: 8*60 + 30, End: 24 * 60}, Days: 1<<time.Saturday | 1<<time.Sunday,
				MinGap:           0,
				WeeklyCaps:       map[paceline.ActionKind]int{paceline.KindInvite: 200},
				NoteQuotaMonthly: -1,
			},
		},
		Actions: []paceline.Action{
			{At: time.Date(2027, 3, 1, 10, 0, 0, 123456789, time.UTC), Account: "ana", Kind: paceline.KindInvite,
				Lead: "li:\"quoted\"", Result: paceline.ResultDone, WithNote: true, Key: "k1", Campaign: "q1", Step: "connect"},
			{At: time.Date(2027, 3, 6, 9, 0, 0, 0, ny), Account: "ben, the second", Kind: paceline.KindOpenProfileMessage,
				Lead: "li:b", Result: paceline.ResultRefused},
			{At: time.Date(2027, 3, 7, 9, 0, 0, 0, ny), Account: "ghost", Kind: paceline.KindVisit,
				Lead: "li:c", Result: paceline.ResultFailed},
		},
	}
	dir := filepath.Join(t.TempDir(), "ledger")
	if err := WriteDir(dir, in); err != nil {
		t.Fatal(err)
	}
	out, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Accounts) != len(in.Accounts) || len(out.Actions) != len(in.Actions) {
		t.Fatalf("read back %d accounts, %d actions", len(out.Accounts), len(out.Actions))
	}
	for i := range in.Accounts {
		a, b := in.Accounts[i], out.Accounts[i]
		if a.Location.String() != b.Location.String() {
			t.Errorf("account %d zone %s, want %s", i, b.Location, a.Location)
		}
		a.Location, b.Location = nil, nil
		if !reflect.DeepEqual(a, b) {
			t.Errorf("account %d read back as\n%+v\nwant\n%+v", i, b, a)
		}
	}
	for i := range in.Actions {
		a, b := in.Actions[i], out.Actions[i]
		if !a.At.Equal(b.At) {
			t.Errorf("action %d at %s, want %s", i, b.At, a.At)
		}
		a.At, b.At = time.Time{}, time.Time{}
		if a != b {
			t.Errorf("action %d read back as %+v, want %+v", i, b, a)
		}
	}
	if got, want := Check(out), Check(in); !reflect.DeepEqual(keys(got.Details), keys(want.Details)) {
		t.Errorf("audit changed after the round trip: %v, want %v", keys(got.Details), keys(want.Details))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Errorf("ledger directory holds %d entries, want only the two files", len(entries))
	}
	for _, e := range entries {
		if info, err := e.Info(); err != nil || info.Mode().Perm() != 0o644 {
			t.Errorf("%s has mode %v (%v), want 0644", e.Name(), info.Mode(), err)
		}
	}
}

func TestWriteDirMinimalHeader(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	l := &Ledger{
		Accounts: []Account{{Name: "ana", Type: paceline.TypeFree, Hours: paceline.DefaultWorkingHours,
			Days: paceline.DefaultWorkingDays, MinGap: time.Minute, NoteQuotaMonthly: -1}},
		Actions: []paceline.Action{{At: time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC), Account: "ana",
			Kind: paceline.KindVisit, Result: paceline.ResultDone}},
	}
	if err := WriteDir(dir, l); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		AccountsFile: "account,type,time_zone,working_hours,working_days,min_gap,weekly_invite_cap,weekly_message_cap,daily_invite_cap,daily_message_cap\n" +
			"ana,free,UTC,09:00-18:00,mon-fri,1m0s,,,,\n",
		ActionsFile: "at,account,kind,lead,result,note\n2027-03-01T10:00:00Z,ana,visit,,done,false\n",
	} {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != want {
			t.Errorf("%s is\n%s\nwant\n%s", file, b, want)
		}
	}
}

func TestWriteDirRefusesWhatCannotBeRead(t *testing.T) {
	t.Parallel()
	good := Account{Name: "ana", Type: paceline.TypeFree, Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays}
	goodAction := paceline.Action{At: time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC), Account: "ana", Kind: paceline.KindVisit, Result: paceline.ResultDone}
	tests := []struct {
		name   string
		ledger Ledger
		want   string
	}{
		{"no hours", Ledger{Accounts: []Account{{Name: "ana", Type: paceline.TypeFree, Days: paceline.DefaultWorkingDays}}}, "working hours"},
		{"no days", Ledger{Accounts: []Account{{Name: "ana", Type: paceline.TypeFree, Hours: paceline.DefaultWorkingHours}}}, "working days"},
		{"duplicate", Ledger{Accounts: []Account{good, good}}, "twice"},
		{"no type", Ledger{Accounts: []Account{{Name: "ana", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays}}}, "type"},
		{"bad kind", Ledger{Accounts: []Account{good}, Actions: []paceline.Action{func() paceline.Action { a := goodAction; a.Kind = "poke"; return a }()}}, "poke"},
		{"bad result", Ledger{Accounts: []Account{good}, Actions: []paceline.Action{func() paceline.Action { a := goodAction; a.Result = ""; return a }()}}, "result"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			err := WriteDir(dir, &tt.ledger)
			if paceline.ErrorCode(err) != paceline.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an EINVALID error about %s", err, tt.want)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 0 {
				t.Errorf("a refused write left %d files behind", len(entries))
			}
		})
	}
}

func TestWriteDirReplacesOldLedger(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	acc := Account{Name: "ana", Type: paceline.TypeFree, Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays, NoteQuotaMonthly: -1}
	act := paceline.Action{At: time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC), Account: "ana", Kind: paceline.KindVisit, Result: paceline.ResultDone}
	if err := WriteDir(dir, &Ledger{Accounts: []Account{acc}, Actions: []paceline.Action{act, act}}); err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(dir, &Ledger{Accounts: []Account{acc}, Actions: []paceline.Action{act}}); err != nil {
		t.Fatal(err)
	}
	l, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Actions) != 1 {
		t.Errorf("read %d actions after the rewrite, want 1", len(l.Actions))
	}
}

// TestWriteDirListsDailyCaps writes a ledger whose account has no daily cap and one
// whose account has a daily invite cap of 20, and reads both back. The daily columns
// used to be written only when some account had a daily cap, so a folder of accounts
// without one could not be told from one written before daily caps were listed.
func TestWriteDirListsDailyCaps(t *testing.T) {
	t.Parallel()
	start := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	var burst []paceline.Action
	for i := range 150 {
		burst = append(burst, paceline.Action{At: start.Add(time.Duration(i) * 3 * time.Minute), Account: "ana",
			Kind: paceline.KindInvite, Lead: fmt.Sprint("lead-", i), Result: paceline.ResultDone})
	}
	for _, daily := range []map[paceline.ActionKind]int{nil, {paceline.KindInvite: 20}} {
		dir := t.TempDir()
		acc := Account{Name: "ana", Type: paceline.TypeFree, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60},
			Days: 1<<7 - 1, MinGap: time.Minute, NoteQuotaMonthly: -1, DailyCaps: daily}
		if err := WriteDir(dir, &Ledger{Accounts: []Account{acc}, Actions: burst}); err != nil {
			t.Fatal(err)
		}
		l, err := ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if !l.DailyCapsListed {
			t.Errorf("daily caps %v: the ledger read back does not list its daily caps", daily)
		}
		if !maps.Equal(l.Accounts[0].DailyCaps, daily) {
			t.Errorf("daily caps read back %v, want %v", l.Accounts[0].DailyCaps, daily)
		}
		want := 0
		if daily != nil {
			want = 130 // the 21st to the 150th invite of the day
		}
		if got := Check(l).CountByRule()[RuleDailyCap]; got != want {
			t.Errorf("daily caps %v: %d daily cap violations, want %d", daily, got, want)
		}
	}
}

// TestReadDirOldLedgerListsNoDailyCaps reads a folder written before the daily cap
// columns were: it is read, and says it does not list them.
func TestReadDirOldLedgerListsNoDailyCaps(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		AccountsFile: "account,type,time_zone,working_hours,working_days,min_gap,weekly_invite_cap,weekly_message_cap\n" +
			"ana,free,UTC,09:00-18:00,mon-fri,1m0s,100,100\n",
		ActionsFile: "at,account,kind,lead,result\n2027-03-01T10:00:00Z,ana,invite,l1,done\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if l.DailyCapsListed || l.Accounts[0].DailyCaps != nil {
		t.Errorf("an old ledger reads as listing daily caps (%v, %v)", l.DailyCapsListed, l.Accounts[0].DailyCaps)
	}
}
