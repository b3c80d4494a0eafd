package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/limits"
)

// cli runs paceline in-process against the given database and returns the exit code
// and both streams.
func cli(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append(args, "--db", db), strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// mustCLI runs a command that must succeed.
func mustCLI(t *testing.T, db string, args ...string) string {
	t.Helper()
	code, out, errOut := cli(t, db, args...)
	if code != exitOK {
		t.Fatalf("paceline %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
	}
	return out
}

func listJSON(t *testing.T, db string) []accountView {
	t.Helper()
	var list []accountView
	if err := json.Unmarshal([]byte(mustCLI(t, db, "accounts", "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	return list
}

func TestAccountsAddDefaults(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	before := time.Now().UTC()
	out := mustCLI(t, db, "accounts", "add", "--name", "alice-free", "--type", "free")
	for _, want := range []string{"Created account alice-free", "09:00-18:00", "mon-fri", "1m30s"} {
		if !strings.Contains(out, want) {
			t.Errorf("add output lacks %q:\n%s", want, out)
		}
	}

	var got accountView
	if err := json.Unmarshal([]byte(mustCLI(t, db, "accounts", "show", "alice-free", "--json")), &got); err != nil {
		t.Fatal(err)
	}
	if got.CreatedAt.Before(before) || got.CreatedAt.After(time.Now()) || got.CreatedAt.Location() != time.UTC {
		t.Errorf("created_at %v is not the UTC time of the add", got.CreatedAt)
	}
	got.CreatedAt = time.Time{}
	want := accountView{
		Name: "alice-free", Type: "free", Executor: "sim", State: "active", TimeZone: "UTC",
		WorkingHours: "09:00-18:00", WorkingDays: "mon-fri", MinGap: "1m30s", Safety: limits.DefaultSafety,
		Caps: map[string]int{},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("show --json\n got %+v\nwant %+v", got, want)
	}
}

// accounts add, list and show print the same on a SQLite file and on PostgreSQL, which
// is named by host, never by its URL.
func TestAccountsAddEverySetting(t *testing.T) {
	t.Parallel()
	onBothStores(t, testAccountsAddEverySetting)
}

func testAccountsAddEverySetting(t *testing.T, db string) {
	mustCLI(t, db, "migrate") // a database with no account (a missing SQLite file is refused)
	empty := mustCLI(t, db, "accounts", "list")
	if want := "No accounts in " + (&app{dbPath: db}).shownDB() + " yet"; !strings.Contains(empty, want) || strings.Contains(empty, "postgres://") {
		t.Errorf("list of no account = %q, want %q", empty, want)
	}
	if out := strings.TrimSpace(mustCLI(t, db, "accounts", "list", "--json")); out != "[]" {
		t.Errorf("list --json of no account: %q, want []", out)
	}
	mustCLI(t, db, "accounts", "add", "--name", "bob", "--type", "Sales-Navigator",
		"--time-zone", "Europe/Paris", "--working-hours", "08:30-17:30", "--working-days", "mon,wed,fri,sat",
		"--min-gap", "2m", "--safety", "0.8", "--cap", "invite=120", "--cap", "open-profile-message=0",
		"--created", "2025-11-03", "--executor", "assist", "--sender-name", "Bob")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "premium-career")

	// Raw JSON, to pin the field names scripts rely on.
	var raw []map[string]any
	if err := json.Unmarshal([]byte(mustCLI(t, db, "accounts", "list", "--json")), &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw) != 2 || raw[0]["name"] != "alice" || raw[1]["name"] != "bob" {
		t.Fatalf("list --json = %v, want alice then bob", raw)
	}
	bob := raw[1]
	delete(bob, "created_at")
	want := map[string]any{
		"name": "bob", "type": "sales-navigator", "executor": "assist", "state": "active",
		"time_zone": "Europe/Paris", "working_hours": "08:30-17:30", "working_days": "mon,wed,fri,sat",
		"min_gap": "2m0s", "safety": 0.8, "opened": "2025-11-03", "sender_name": "Bob",
		"caps":        map[string]any{"invite": 120.0, "open_profile_message": 0.0},
		"connections": 0.0, "connections_at": nil, "has_mailbox": false,
	}
	if !reflect.DeepEqual(bob, want) {
		t.Errorf("bob\n got %v\nwant %v", bob, want)
	}
	if raw[0]["opened"] != nil {
		t.Errorf("alice opened = %v, want null", raw[0]["opened"])
	}

	table := mustCLI(t, db, "accounts", "list")
	lines := strings.Split(strings.TrimSpace(table), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "NAME") ||
		!strings.HasPrefix(lines[1], "alice") || !strings.Contains(lines[2], "invite=120,open_profile_message=0") {
		t.Errorf("list table:\n%s", table)
	}
	show := mustCLI(t, db, "accounts", "show", "bob")
	for _, want := range []string{"Europe/Paris", "08:30-17:30", "mon,wed,fri,sat", "2m0s", "0.8", "2025-11-03", "assist"} {
		if !strings.Contains(show, want) {
			t.Errorf("show lacks %q:\n%s", want, show)
		}
	}
	// pause and resume change what list shows.
	for _, step := range []struct{ cmd, state string }{{"pause", "paused"}, {"resume", "active"}} {
		if out := mustCLI(t, db, "accounts", step.cmd, "bob"); out != "bob is "+step.state+".\n" {
			t.Errorf("accounts %s bob printed %q", step.cmd, out)
		}
		if got := listJSON(t, db)[1]; got.Name != "bob" || got.State != step.state {
			t.Errorf("after accounts %s, list shows %s %s", step.cmd, got.Name, got.State)
		}
	}
}

func TestAccountsAddBadInputWritesNothing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		code int
		want string // in stderr
	}{
		{"no name", []string{"--type", "free"}, exitFailed, "paceline: name: is missing"},
		{"no type", []string{"--name", "a"}, exitFailed, "paceline: type: is missing"},
		{"unknown type", []string{"--name", "a", "--type", "gold"}, exitFailed, `paceline: type: unknown account type "gold"`},
		{"bad hours", []string{"--name", "a", "--type", "free", "--working-hours", "9-18"}, exitFailed, `paceline: working-hours: "9-18"`},
		{"reversed hours", []string{"--name", "a", "--type", "free", "--working-hours", "18:00-09:00"}, exitFailed, "paceline: working-hours:"},
		{"bad days", []string{"--name", "a", "--type", "free", "--working-days", "mon-funday"}, exitFailed, `paceline: working-days: "mon-funday"`},
		{"bad zone", []string{"--name", "a", "--type", "free", "--time-zone", "Europe/Atlantis"}, exitFailed, `paceline: time-zone: "Europe/Atlantis"`},
		{"bad gap", []string{"--name", "a", "--type", "free", "--min-gap", "90"}, exitFailed, `paceline: min-gap: "90"`},
		{"negative gap", []string{"--name", "a", "--type", "free", "--min-gap", "-1s"}, exitFailed, "paceline: min-gap: is negative"},
		{"gap of years", []string{"--name", "a", "--type", "free", "--min-gap", "1000000h"}, exitFailed, "paceline: min-gap: 1000000h0m0s is longer than a day"},
		{"safety not a number", []string{"--name", "a", "--type", "free", "--safety", "most"}, exitFailed, `paceline: safety: "most"`},
		{"safety too high", []string{"--name", "a", "--type", "free", "--safety", "1.5"}, exitFailed, "paceline: safety: 1.5 is outside"},
		{"safety zero", []string{"--name", "a", "--type", "free", "--safety", "0"}, exitFailed, "paceline: safety: 0 is outside"},
		{"negative cap", []string{"--name", "a", "--type", "free", "--cap", "invite=-5"}, exitFailed, `paceline: cap: "invite=-5" is negative`},
		{"bad cap kind", []string{"--name", "a", "--type", "free", "--cap", "poke=5"}, exitFailed, `paceline: cap: unknown action kind "poke"`},
		{"cap without number", []string{"--name", "a", "--type", "free", "--cap", "invite"}, exitFailed, `paceline: cap: "invite" is not kind=N`},
		{"cap not a number", []string{"--name", "a", "--type", "free", "--cap", "invite=lots"}, exitFailed, "paceline: cap:"},
		{"cap twice", []string{"--name", "a", "--type", "free", "--cap", "invite=5", "--cap", "Invite=6"}, exitFailed, "paceline: cap: invite is given twice"},
		{"bad created", []string{"--name", "a", "--type", "free", "--created", "03/11/2025"}, exitFailed, `paceline: created: "03/11/2025"`},
		{"future created", []string{"--name", "a", "--type", "free", "--created", "2999-01-01"}, exitFailed, "paceline: created: 2999-01-01 is in the future"},
		{"created before LinkedIn", []string{"--name", "a", "--type", "free", "--created", "1800-01-01"}, exitFailed, "paceline: created: 1800-01-01 is before LinkedIn opened"},
		{"bad executor", []string{"--name", "a", "--type", "free", "--executor", "robot"}, exitFailed, `paceline: executor: unknown executor "robot"`},
		{"long name", []string{"--name", strings.Repeat("a", 101), "--type", "free"}, exitFailed, "paceline: name: is longer"},
		{"name like a flag", []string{"--name", "-x", "--type", "free"}, exitFailed, `paceline: name: "-x" starts with '-'`},
		{"name with a comma", []string{"--name", "ann,bob", "--type", "free"}, exitFailed, `paceline: name: "ann,bob" has a comma`},
		{"name with a newline", []string{"--name", "ann\nbob", "--type", "free"}, exitFailed, "paceline: name: \"ann\\nbob\" has a control character"},
		{"unknown flag", []string{"--name", "a", "--type", "free", "--colour", "red"}, exitUsage, "unknown flag: --colour"},
		{"positional", []string{"alice", "--type", "free"}, exitUsage, "takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := filepath.Join(t.TempDir(), "p.db")
			code, _, errOut := cli(t, db, append([]string{"accounts", "add"}, tt.args...)...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, tt.code, tt.want)
			}
			if _, err := os.Stat(db); !os.IsNotExist(err) {
				t.Errorf("bad command created the database (stat: %v)", err)
			}
		})
	}
}

func TestAccountsAddDuplicateName(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free", "--cap", "invite=50")
	code, _, errOut := cli(t, db, "accounts", "add", "--name", "alice", "--type", "premium-business")
	if code != exitFailed || !strings.Contains(errOut, `paceline: name: an account named "alice" already exists`) {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	list := listJSON(t, db)
	if len(list) != 1 || list[0].Type != "free" || list[0].Caps["invite"] != 50 {
		t.Fatalf("after the duplicate: %+v, want the first alice unchanged", list)
	}
}

func TestAccountsReadCommandsCreateNothing(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	for _, args := range [][]string{{"accounts", "list"}, {"accounts", "list", "--json"}} {
		if code, out, errOut := cli(t, db, args...); code != exitFailed || out != "" || !strings.Contains(errOut, "no database at") {
			t.Errorf("%v on no database: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	code, _, errOut := cli(t, db, "accounts", "show", "ghost")
	if code != exitFailed || !strings.Contains(errOut, `"ghost"`) {
		t.Errorf("show on no database: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("read commands created the database (stat: %v)", err)
	}
}

// An empty --db is named as the mistake by reading commands too, not taken for a
// database with nothing in it yet.
func TestReadCommandsRefuseEmptyDB(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"accounts", "list"},
		{"webhooks", "list"},
		{"leads", "list"},
		{"tokens", "list"},
	} {
		code, out, errOut := cli(t, " ", args...)
		if code != exitFailed || !strings.Contains(errOut, "db: is empty") || out != "" {
			t.Errorf("paceline %s --db ' ': exit %d, stdout %q, stderr %q; want exit %d and db: is empty",
				strings.Join(args, " "), code, out, errOut, exitFailed)
		}
	}
}

// A --db URL of another database, a PostgreSQL URL without its //, or a directory is
// named as such, whether the command reads, writes or migrates.
func TestCommandsRefuseOtherDatabaseURL(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"accounts", "list"},
		{"accounts", "add", "--name", "alice", "--type", "free"},
		{"campaigns", "list"},
		{"migrate"},
	} {
		code, out, errOut := cli(t, "mysql://paceline@db.example/paceline", args...)
		if code != exitFailed || !strings.Contains(errOut, "db: mysql://paceline@db.example/paceline is a mysql URL") || out != "" {
			t.Errorf("paceline %s --db mysql://...: exit %d, stdout %q, stderr %q", strings.Join(args, " "), code, out, errOut)
		}
	}
	if code, _, errOut := cli(t, "postgres:/db.example/paceline", "accounts", "list"); code != exitFailed || !strings.Contains(errOut, "is not a PostgreSQL URL") {
		t.Errorf("accounts list --db postgres:/...: exit %d, stderr %q", code, errOut)
	}
	dir := t.TempDir()
	for _, args := range [][]string{{"accounts", "list"}, {"accounts", "add", "--name", "alice", "--type", "free"}, {"campaigns", "list"}} {
		if code, _, errOut := cli(t, dir, args...); code != exitFailed || !strings.Contains(errOut, "db: "+dir+" is a directory") {
			t.Errorf("paceline %s --db DIR: exit %d, stderr %q", strings.Join(args, " "), code, errOut)
		}
	}
}

func TestAccountsShowErrors(t *testing.T) {
	t.Parallel()
	onBothStores(t, testAccountsShowErrors)
}

func testAccountsShowErrors(t *testing.T, db string) {
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown account", []string{"ghost"}, exitFailed, `no account named "ghost" (see paceline accounts list`},
		{"no name", nil, exitUsage, "wants an account NAME"},
		{"two names", []string{"alice", "bob"}, exitUsage, `wants an account NAME, not 2 arguments ("alice" "bob"): quote a value that holds a space`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, _, errOut := cli(t, db, append([]string{"accounts", "show"}, tt.args...)...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, tt.code, tt.want)
			}
		})
	}
}

func TestAccountsUnwritableDatabase(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "missing-dir", "p.db")
	code, _, errOut := cli(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	if code != exitInternal || !strings.Contains(errOut, db) {
		t.Errorf("exit %d, stderr %q; want exit %d naming %s", code, errOut, exitInternal, db)
	}
}

// An account name may hold a space: every command finds it by its name as given, a
// --accounts list keeps it whole, and a command a message hands the user quotes it.
func TestAccountNameWithASpace(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "has space", "--type", "free")
	mustCLI(t, db, "accounts", "add", "--name", "bob", "--type", "free")
	mustCLI(t, db, "accounts", "connections", "has space", "12")
	mustCLI(t, db, "accounts", "pause", "has space")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "l.csv", heldCSV), "--list", "founders")
	if out := mustCLI(t, db, "campaigns", "create", "--name", "q1", "--list", "founders", "--accounts", "has space, bob"); !strings.Contains(out, "on has space, bob;") {
		t.Errorf("create: %q", out)
	}
	code, _, errOut := cli(t, db, "campaigns", "start", "q1")
	if code != exitOK || !strings.Contains(errOut, "paceline accounts resume 'has space'") {
		t.Errorf("start with a paused account named with a space: exit %d, stderr %q", code, errOut)
	}
	if out := mustCLI(t, db, "limits", "show", "has space"); !strings.Contains(out, "has space (free)") {
		t.Errorf("limits show: %q", out)
	}
}
