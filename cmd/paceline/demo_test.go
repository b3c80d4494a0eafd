package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/sqlite"
)

// The demo, run briefly at a high speed on a new database and then again on the same
// one: it seeds accounts and leads, sends through the engine into the ledger, prints a
// working login, and on the second start goes on without contacting anyone twice.
func TestDemoRunsAndResumes(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "demo.db")
	runDemo := func() string {
		var out, errb bytes.Buffer
		code := run([]string{"demo", "--db", db, "--addr", "127.0.0.1:0", "--speed", "200000", "--leads", "300", "--stop-after", "2s"},
			strings.NewReader(""), &out, &errb)
		if code != 0 {
			t.Fatalf("demo exit %d: %s %s", code, out.String(), errb.String())
		}
		return out.String()
	}
	out := runDemo()
	for _, want := range []string{"created " + db, "Dashboard: http://127.0.0.1:", "Login:     demo / ", "API token: plt_"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	password := regexp.MustCompile(`Login:     demo / (\S+)`).FindStringSubmatch(out)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	accts, err := st.Accounts(ctx)
	if err != nil || len(accts) != 4 {
		t.Fatalf("accounts %d %v", len(accts), err)
	}
	if n, _ := st.CountLeads(ctx); n != 300 {
		t.Errorf("leads %d, want 300", n)
	}
	_, hash, err := st.UserPassword(ctx, "demo")
	if err != nil || password == nil || !paceline.CheckPassword(hash, password[1]) {
		t.Errorf("the printed password does not log in: %v", err)
	}
	invites := func() (map[string]int, time.Time) {
		seen := map[string]int{}
		var last time.Time
		for _, a := range accts {
			acts, err := st.Actions(ctx, a.Name, time.Time{}, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range acts {
				if x.Kind == paceline.KindInvite && x.Counts() {
					seen[x.Lead]++
				}
				if x.At.After(last) {
					last = x.At
				}
			}
		}
		return seen, last
	}
	first, last1 := invites()
	if len(first) == 0 {
		t.Fatalf("the demo sent no invite:\n%s", out)
	}
	st.Close()

	out = runDemo()
	if !strings.Contains(out, "reusing "+db) {
		t.Errorf("second start does not reuse the database:\n%s", out)
	}
	st, err = sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	second, last2 := invites()
	if last2.Before(last1) {
		t.Errorf("the ledger went back in time: %s then %s", last1, last2)
	}
	for lead, n := range second {
		if n > 1 {
			t.Errorf("lead %s invited %d times across restarts", lead, n)
		}
	}
	if len(second) < len(first) {
		t.Errorf("invites went from %d to %d", len(first), len(second))
	}
}

// demo runs on a SQLite file of its own: given a PostgreSQL URL it says so, without the
// URL's password, and starts nothing.
func TestDemoRefusesPostgres(t *testing.T) {
	t.Parallel()
	code, out, errOut := cli(t, "postgres://demo:s3cret@127.0.0.1:5432/paceline", "demo", "--addr", "127.0.0.1:0", "--stop-after", "1s")
	if code != exitFailed || !strings.Contains(errOut, "not on PostgreSQL") || !strings.Contains(errOut, "leave --db out") || strings.Contains(errOut+out, "s3cret") {
		t.Errorf("demo on PostgreSQL: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// A demo on a file that another process runs (a demo, a serve) is refused before it
// writes anything, and a serve on a running demo's file is refused too: both would
// send every step twice.
func TestDemoRefusesAFileInUse(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "demo.db")
	release, err := lockFileAs(db, "serve")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := cli(t, db, "demo", "--addr", "127.0.0.1:0", "--stop-after", "1s")
	release()
	if code == exitOK || !strings.Contains(errOut, "paceline serve (pid ") || !strings.Contains(errOut, "is running on "+db) {
		t.Errorf("demo on a locked file: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the refused demo created its database: %v", err)
	}

	var demoOut, demoErr lockedBuffer
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		a := &app{stdin: strings.NewReader(""), stdout: &demoOut, stderr: &demoErr, dbPath: db}
		done <- a.runDemo(ctx, demoFlags{addr: "127.0.0.1:0", speed: 1000, leads: 50, seed: 1})
	}()
	for !strings.Contains(demoOut.String(), "Ctrl-C stops") {
		select {
		case err := <-done:
			t.Fatalf("demo ended early (%v): %s %s", err, demoOut.String(), demoErr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	code, out, errOut = cli(t, db, "serve", "--addr", "127.0.0.1:0")
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if code == exitOK || !strings.Contains(errOut, "is running on") {
		t.Errorf("serve on a running demo's file: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
