package main

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/executor/assist"
)

// serve's dashboard manages the database's webhooks: an endpoint added on its
// Webhooks page is sealed under the key file next to the database (made then), and
// the CLI lists it and sends it a test with that key.
func TestServeDashboardAddsWebhooks(t *testing.T) {
	t.Parallel()
	base, password, path := serveDashboard(t)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer receiver.Close()

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	read := func(res *http.Response, err error) (int, string) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	_, login := read(c.Get(base + "/login"))
	_, page := read(c.PostForm(base+"/login", url.Values{"csrf": {csrf.FindStringSubmatch(login)[1]}, "user": {"admin"},
		"password": {password}, "next": {"/webhooks"}}))
	m := csrf.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "No webhook endpoint yet") {
		t.Fatalf("the Webhooks page after login:\n%s", page)
	}
	code, body := read(c.PostForm(base+"/webhooks", url.Values{"csrf": {m[1]}, "url": {receiver.URL + "/hook"}, "events": {"replied"}}))
	if code != http.StatusCreated || !strings.Contains(body, "whsec_") {
		t.Fatalf("add: %d\n%s", code, body)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), keyFileName)); err != nil {
		t.Fatalf("no key file after the first endpoint: %v", err)
	}
	if list := mustCLI(t, path, "webhooks", "list"); !strings.Contains(list, receiver.URL+"/hook") || !strings.Contains(list, "replied") {
		t.Fatalf("webhooks list:\n%s", list)
	}
	if got := mustCLI(t, path, "webhooks", "test", "1"); !strings.Contains(got, "the receiver answered 204") {
		t.Fatalf("webhooks test 1: %s", got)
	}
}

// serveDashboard serves what serve mounts at / over a new SQLite database, and
// returns its URL, the first user's (admin's) password and the database's path.
func serveDashboard(t *testing.T) (base, password, path string) {
	t.Helper()
	var out bytes.Buffer
	path = filepath.Join(t.TempDir(), "p.db")
	a := &app{dbPath: path, stdout: &out, stderr: io.Discard}
	ctx := t.Context()
	db, err := a.openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	h, err := a.appHandler(ctx, db, &assist.Desk{Store: db.store, NowFunc: time.Now}, nil, nil, time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	// Not a terminal: the first password is in a file beside the database.
	pw, err := os.ReadFile(firstAdminFile(path))
	if err != nil {
		t.Fatalf("no first password (%v) after %q", err, out.String())
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL, strings.TrimSpace(string(pw)), path
}
