package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

// demoFake is a database's contents as demoStranger reads them.
type demoFake struct {
	accounts  []string
	campaigns []string
	users     []string
	leads     int
}

func (f demoFake) Accounts(context.Context) ([]*paceline.Account, error) {
	var out []*paceline.Account
	for _, n := range f.accounts {
		out = append(out, &paceline.Account{Name: n})
	}
	return out, nil
}

func (f demoFake) Campaigns(context.Context) ([]*paceline.Campaign, error) {
	var out []*paceline.Campaign
	for _, n := range f.campaigns {
		out = append(out, &paceline.Campaign{Name: n})
	}
	return out, nil
}

func (f demoFake) Users(context.Context) ([]*paceline.User, error) {
	var out []*paceline.User
	for _, n := range f.users {
		out = append(out, &paceline.User{Name: n})
	}
	return out, nil
}

func (f demoFake) CountLeads(context.Context) (int, error) { return f.leads, nil }

// What makes a database one the demo may run on: empty, or the demo's accounts and no
// other (with whatever was added on its file since); anything else is someone's own.
func TestDemoStranger(t *testing.T) {
	t.Parallel()
	demoAccts := []string{"demo-free", "demo-premium", "demo-salesnav", "demo-you"}
	for _, tc := range []struct {
		name string
		db   demoFake
		want string
	}{
		{"fresh", demoFake{}, ""},
		{"the demo's", demoFake{accounts: demoAccts, campaigns: []string{"demo"}, users: []string{"demo"}, leads: 3000}, ""},
		{"the demo's with a campaign and a login added", demoFake{accounts: demoAccts, campaigns: []string{"demo", "q1"}, users: []string{"demo", "admin"}, leads: 3000}, ""},
		{"an older demo's, without demo-you", demoFake{accounts: demoAccts[:3], leads: 3000}, ""},
		{"the demo's login alone", demoFake{users: []string{"demo"}}, ""},
		{"a real account", demoFake{accounts: []string{"alice"}}, "account alice"},
		{"a real account beside the demo's", demoFake{accounts: append([]string{"alice"}, demoAccts...), campaigns: []string{"demo"}}, "account alice"},
		{"a campaign and no account", demoFake{campaigns: []string{"q1"}}, "campaign q1"},
		{"a login", demoFake{users: []string{"admin"}}, "user admin"},
		{"leads only", demoFake{leads: 12}, "12 leads"},
	} {
		got, err := demoStranger(context.Background(), tc.db)
		if err != nil || got != tc.want {
			t.Errorf("%s: %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

// paceline demo on a database of one's own (QA: the one serve's refusal pointed it at)
// is refused, saying to run the demo on its own file and that nothing was changed, and
// nothing is: the file is byte for byte the same, and no lock file is left beside it.
func TestDemoRefusesADatabaseItDidNotMake(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "paceline.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free", "--executor", "assist")
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := run([]string{"demo", "--db", db, "--addr", "127.0.0.1:0", "--speed", "200000", "--leads", "30", "--stop-after", "1s"},
		strings.NewReader(""), &out, &errb)
	msg := errb.String()
	if code == exitOK || !strings.Contains(msg, "is not a demo database (it holds account alice") ||
		!strings.Contains(msg, "nothing was changed") || !strings.Contains(msg, "leave --db out: it uses paceline-demo.db") {
		t.Errorf("demo on a database of one's own: exit %d\n%s%s", code, out.String(), msg)
	}
	after, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("the refused demo changed %s", db)
	}
	if _, err := os.Stat(db + ".lock"); err == nil {
		t.Errorf("the refused demo left %s.lock", db)
	}
}

// A database of an older schema (written by an earlier paceline) that is not the
// demo's is refused as well, read by name, with its bytes untouched: the demo had
// opened it as a store, which migrated it before the check, so the older processes
// using it could no longer open it.
func TestDemoRefusesAnOlderDatabaseItDidNotMake(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "paceline.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free", "--executor", "assist")
	// The latest migration forgotten: the file reads as one of the schema before it.
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)`); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := run([]string{"demo", "--db", db, "--addr", "127.0.0.1:0", "--speed", "200000", "--leads", "30", "--stop-after", "1s"},
		strings.NewReader(""), &out, &errb)
	if msg := errb.String(); code == exitOK || !strings.Contains(msg, "is not a demo database (it holds account alice") {
		t.Errorf("demo on an older database of one's own: exit %d\n%s%s", code, out.String(), msg)
	}
	after, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("the refused demo changed (migrated) %s", db)
	}
	if _, err := os.Stat(db + ".lock"); err == nil {
		t.Errorf("the refused demo left %s.lock", db)
	}
}
