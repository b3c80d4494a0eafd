package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/store/sqlite"
)

// On the demo's database campaigns start says that the demo sends its campaign (and
// that it runs no other), not paceline serve; elsewhere serve does.
func TestCampaignsStartOnTheDemoDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "demo.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seedDemo(ctx, st, demoFlags{leads: 30, seed: 1}); err != nil {
		t.Fatal(err)
	}
	if err := ensureDemoCampaign(ctx, st); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out := mustCLI(t, db, "campaigns", "start", demoCampaign)
	if !strings.Contains(out, "paceline demo --db "+db+" sends") || strings.Contains(out, "serve sends") {
		t.Errorf("start on the demo's database: %q", out)
	}
	// Its own list: the demo's leads all run in the demo's campaign, and a start that
	// enrolls nobody is refused.
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "mine.csv", "First Name,Last Name,URL\n"+
		"Nia,New,https://www.linkedin.com/in/nia-new\n"), "--list", "mine")
	mustCLI(t, db, "campaigns", "create", "--name", "mine", "--list", "mine", "--accounts", demoSeats[0].Name)
	out = mustCLI(t, db, "campaigns", "start", "mine")
	if !strings.Contains(out, "demo runs only its campaign demo") || strings.Contains(out, "serve sends.") {
		t.Errorf("another campaign on the demo's database: %q", out)
	}

	dir := t.TempDir()
	own, csv := filepath.Join(dir, "p.db"), filepath.Join(dir, "l.csv")
	mustCLI(t, own, "accounts", "add", "--name", "ann", "--type", "free")
	if err := os.WriteFile(csv, []byte("name,linkedin_url\nAl,https://www.linkedin.com/in/al\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, own, "leads", "import", csv, "--list", "l")
	mustCLI(t, own, "campaigns", "create", "--name", "c", "--list", "l", "--accounts", "ann")
	if out := mustCLI(t, own, "campaigns", "start", "c"); !strings.Contains(out, "paceline serve sends.") {
		t.Errorf("start on a database of one's own: %q", out)
	}
}

// The demo runs a campaign, so its /api/v1/held lists held steps (none here) instead
// of answering that the server runs no campaigns; a resume says the demo does not.
func TestDemoListsHeldSteps(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "demo.db")
	var out, errb lockedBuffer
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, dbPath: db}
		done <- a.runDemo(ctx, demoFlags{addr: "127.0.0.1:0", speed: 1000, leads: 50, seed: 1})
	}()
	defer func() {
		stop()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), "Ctrl-C stops") {
		if time.Now().After(deadline) {
			t.Fatalf("the demo did not start: %s %s", out.String(), errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	m := regexp.MustCompile(`Dashboard: (\S+)\n(?s:.*)API token: (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no dashboard or token in %q", out.String())
	}
	call := func(method, path, body string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, m[1]+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+m[2])
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(b)
	}
	if code, body := call("GET", "api/v1/held", ""); code != http.StatusOK || !regexp.MustCompile(`"held":\s*\[\]`).MatchString(body) {
		t.Errorf("GET /api/v1/held on the demo: %d %s", code, body)
	}
	code, body := call("POST", "api/v1/held/resume", `{"campaign":"demo","lead":"x"}`)
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "does not resume") || strings.Contains(body, "runs no campaigns") {
		t.Errorf("POST /api/v1/held/resume on the demo: %d %s", code, body)
	}
}
