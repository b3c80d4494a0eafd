package main

import (
	"bufio"
	"io"
	"net/http"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

var servingOn = regexp.MustCompile(`serving on (http://\S+)`)

// serve answers /healthz, /readyz and /metrics (actions by kind and result, Pacer
// waits by reason, tick latency) while it runs the campaign, and a paused account
// sends nothing.
func TestServeEndpointsAndPausedAccount(t *testing.T) {
	t.Parallel()
	// More leads than the running seat's weekly invites, so that steps wait for the
	// Pacer for days of virtual time (seconds at 30000x), not only in the first minutes:
	// with 20 every invite went at once and the waiting gauge could be gone by the time
	// a loaded machine read /metrics.
	db, names := crashFixture(t, 2, 300)
	mustCLI(t, db, "accounts", "pause", names[1])
	cmd, out := startChild(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--speed", "30000")
	defer cmd.Process.Kill()
	waitFor(t, out, "serving on", 15*time.Second)
	base := servingOn.FindStringSubmatch(out.String())[1]
	waitActions(t, db, 5, time.Second, 30*time.Second)
	get := func(path string) string {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s %s", path, resp.Status, b)
		}
		return string(b)
	}
	if got := get("/healthz"); !strings.Contains(got, "ok") {
		t.Errorf("/healthz: %q", got)
	}
	if got := get("/readyz"); !strings.Contains(got, "ready") {
		t.Errorf("/readyz: %q", got)
	}
	// The waiting gauge has a series only while some step waits for the Pacer, which
	// is most of the time but not at every instant: read until all three show.
	wants := []string{`paceline_actions_total{kind="invite",result="done"}`, "paceline_pacer_waiting_steps", "paceline_tick_seconds_bucket"}
	var missing []string
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		metrics := get("/metrics")
		missing = missing[:0]
		for _, want := range wants {
			if !strings.Contains(metrics, want) {
				missing = append(missing, want)
			}
		}
		if len(missing) == 0 || time.Now().After(deadline) {
			break
		}
	}
	for _, m := range missing {
		t.Errorf("/metrics lacks %s", m)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve: %v\n%s", err, out)
	}
	report := mustCLI(t, db, "audit", "--json")
	if !strings.Contains(report, `"violations": 0,`) {
		t.Fatalf("audit:\n%s", report)
	}
	sc := bufio.NewScanner(strings.NewReader(mustCLI(t, db, "limits", "show", names[1])))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) > 1 && f[0] == "invite" && !strings.HasPrefix(f[1], "0/") {
			t.Fatalf("paused account %s sent invites: %s", names[1], sc.Text())
		}
	}
}

// --speed is for simulated accounts only: with a real executor it is refused.
func TestServeSpeedNeedsSimulatedAccounts(t *testing.T) {
	t.Parallel()
	db := t.TempDir() + "/p.db"
	mustCLI(t, db, "accounts", "add", "--name", "real", "--type", "free", "--executor", "assist")
	code, _, errOut := cli(t, db, "serve", "--addr", "127.0.0.1:0", "--speed", "100")
	if code != exitFailed || !strings.Contains(errOut, "simulated accounts only") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	db := t.TempDir() + "/new.db"
	if out := mustCLI(t, db, "migrate"); !strings.Contains(out, ": applied ") {
		t.Fatalf("migrate: %s", out)
	}
	if out := mustCLI(t, db, "migrate"); !strings.Contains(out, "up to date") { // twice is fine
		t.Fatalf("migrate again: %s", out)
	}
}
