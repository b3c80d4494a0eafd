package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
)

// TestServeMountsTheApp checks what serve puts behind /: the dashboard (login first),
// the JSON API and the agent protocol (both asking for their tokens), and a first
// dashboard user whose password is printed once.
func TestServeMountsTheApp(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	a := &app{dbPath: filepath.Join(t.TempDir(), "p.db"), stdout: &out, stderr: io.Discard}
	ctx := t.Context()
	db, err := a.openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	desk := &assist.Desk{Store: db.store, NowFunc: time.Now}
	h, err := a.appHandler(ctx, db, desk, nil, nil, time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "created dashboard user admin; its password is in "+firstAdminFile(a.dbPath)) {
		t.Fatalf("no first user announced: %q", out.String())
	}
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{"GET", "/", http.StatusSeeOther},
		{"GET", "/login", http.StatusOK},
		{"GET", "/api/v1/accounts", http.StatusUnauthorized},
		{"POST", "/api/v1/agent/lease", http.StatusUnauthorized},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, strings.NewReader("{}")))
		if rec.Code != tc.want {
			t.Errorf("%s %s: %d, want %d (%s)", tc.method, tc.path, rec.Code, tc.want, rec.Body.String())
		}
	}
	out.Reset()
	if _, err := a.appHandler(ctx, db, desk, nil, nil, time.Now, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "password") {
		t.Errorf("a second start made another user: %q", out.String())
	}
}

// Starting a campaign through the API does what paceline campaigns start does: a list
// with no lead to enroll is refused and the campaign stays a draft, and a start wakes
// the campaign's accounts. The API used to make such a campaign active over nobody,
// and woke no account.
func TestServeStartsCampaignsAsTheCLIDoes(t *testing.T) {
	t.Parallel()
	path, names := crashFixture(t, 2, 10) // campaign "crash" runs over the list crash
	mustCLI(t, path, "campaigns", "create", "--name", "nobody", "--list", "no-such-list", "--accounts", names[0])
	mustCLI(t, path, "campaigns", "create", "--name", "second", "--list", "crash", "--accounts", names[1])
	a := &app{dbPath: path, stdout: io.Discard, stderr: io.Discard}
	ctx := t.Context()
	db, err := a.openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var woken []string
	wake := func(_ context.Context, account string) error {
		woken = append(woken, account)
		return nil
	}
	desk := &assist.Desk{Store: db.store, NowFunc: time.Now}
	h, err := a.appHandler(ctx, db, desk, nil, wake, time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	const token = "plt_serve-test-token-0123456789abcdefghijk"
	if _, err := db.store.CreateToken(ctx, "admin", "test", token[:8], paceline.HashSecret(token)); err != nil {
		t.Fatal(err)
	}
	start := func(name string) (int, string) {
		req := httptest.NewRequest("POST", "/api/v1/campaigns/"+name+"/start", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	if code, body := start("nobody"); code != http.StatusBadRequest || !strings.Contains(body, "no lead to enroll") {
		t.Errorf("start over an empty list: %d %s, want 400 saying there is no lead to enroll", code, body)
	}
	if c, err := db.store.Campaign(ctx, "nobody"); err != nil || c.State != paceline.CampaignDraft {
		t.Errorf("the refused campaign: %+v %v, want it still a draft", c, err)
	}
	if len(woken) != 0 {
		t.Errorf("a refused start woke %v", woken)
	}
	// A list whose leads all run in another campaign: refused, saying where they run.
	if code, body := start("second"); code != http.StatusBadRequest || !strings.Contains(body, "10 already running in campaign crash") {
		t.Errorf("start over leads running in another campaign: %d %s, want 400 saying where they run", code, body)
	}
	if len(woken) != 0 {
		t.Errorf("a refused start woke %v", woken)
	}
	mustCLI(t, path, "leads", "import", writeFile(t, t.TempDir(), "more.csv", "First Name,Last Name,URL\n"+
		"Nia,New,https://www.linkedin.com/in/nia-new\n"), "--list", "crash")
	if code, body := start("second"); code != http.StatusOK || !strings.Contains(body, `"state": "active"`) {
		t.Fatalf("start second: %d %s", code, body)
	}
	if len(woken) != 1 || woken[0] != names[1] {
		t.Errorf("start woke %v, want [%s]", woken, names[1])
	}
}
