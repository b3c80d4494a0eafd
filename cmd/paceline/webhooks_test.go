package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline/webhook"
)

func TestWebhooksAddListTestRemove(t *testing.T) {
	t.Parallel()
	if os.Getenv("PACELINE_SECRET_KEY") != "" {
		t.Skip("PACELINE_SECRET_KEY is set: this test checks the key file next to the database")
	}
	db := filepath.Join(t.TempDir(), "p.db")
	var (
		mu     sync.Mutex
		secret string
		got    []error
		status = http.StatusNoContent
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		got = append(got, webhook.Verify(secret, r.Header, body, time.Now(), 0))
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)

	out := mustCLI(t, db, "webhooks", "add", "--url", srv.URL+"/hook", "--events", "accepted, replied")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[2], "whsec_") || !strings.Contains(lines[0], "endpoint 1 added") {
		t.Fatalf("webhooks add printed:\n%s", out)
	}
	mu.Lock()
	secret = lines[2]
	mu.Unlock()
	if fi, err := os.Stat(filepath.Join(filepath.Dir(db), "paceline.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v", err)
	}

	var list []webhookView
	if err := json.Unmarshal([]byte(mustCLI(t, db, "webhooks", "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != 1 || list[0].URL != srv.URL+"/hook" || !list[0].Active ||
		strings.Join(list[0].Events, ",") != "accepted,replied" {
		t.Fatalf("webhooks list --json = %+v", list)
	}
	if text := mustCLI(t, db, "webhooks", "list"); !strings.Contains(text, "accepted, replied") || strings.Contains(text, "whsec_") {
		t.Fatalf("webhooks list:\n%s", text)
	}

	if out := mustCLI(t, db, "webhooks", "test", "1"); !strings.Contains(out, "answered 204") {
		t.Fatalf("webhooks test printed %q", out)
	}
	mu.Lock()
	if len(got) != 1 || got[0] != nil {
		t.Fatalf("the receiver verified %v", got)
	}
	status = http.StatusInternalServerError
	mu.Unlock()
	if code, _, errOut := cli(t, db, "webhooks", "test", "1"); code == exitOK || !strings.Contains(errOut, "500") {
		t.Fatalf("a failing test: exit %d, %s", code, errOut)
	}

	// A 410 switches the endpoint off; enable switches it on again.
	mu.Lock()
	status = http.StatusGone
	mu.Unlock()
	cli(t, db, "webhooks", "test", "1")
	if out := mustCLI(t, db, "webhooks", "list"); !strings.Contains(out, "off: the receiver answered 410 Gone") {
		t.Fatalf("list after a 410:\n%s", out)
	}
	mustCLI(t, db, "webhooks", "enable", "1")
	if out := mustCLI(t, db, "webhooks", "list"); !strings.Contains(out, "active") {
		t.Fatalf("list after enable:\n%s", out)
	}

	mustCLI(t, db, "webhooks", "remove", "1")
	if code, _, errOut := cli(t, db, "webhooks", "remove", "1"); code != exitFailed || !strings.Contains(errOut, "does not exist") {
		t.Fatalf("removing again: exit %d, %s", code, errOut)
	}
	if out := mustCLI(t, db, "webhooks", "list"); !strings.Contains(out, "no webhook endpoints") {
		t.Fatalf("list after remove:\n%s", out)
	}
}

func TestWebhooksBadInput(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"webhooks", "add"}, exitUsage, "url"},
		{[]string{"webhooks", "add", "--url", "ftp://x"}, exitFailed, "https://"},
		{[]string{"webhooks", "add", "--url", "http://example.com/hook"}, exitFailed, "unencrypted to example.com: use https://"},
		{[]string{"webhooks", "add", "--url", "https://x.example", "--events", "clicked"}, exitFailed, "not an event type"},
		{[]string{"webhooks", "add", "--url", "https://x.example", "--events", "accepted,replied,accepted"}, exitFailed, "names accepted twice"},
		{[]string{"webhooks", "add", "--url", "https://x.example", "--events", ""}, exitFailed, "events: is empty: name the event types to send, comma-separated (accepted, declined, replied"},
		{[]string{"webhooks", "add", "--url", "https://x.example", "--events", " , "}, exitFailed, "leave --events out to send every type"},
		{[]string{"webhooks", "remove", "one"}, exitFailed, "not an endpoint ID"},
		{[]string{"webhooks", "test"}, exitUsage, "ID"},
		{[]string{"webhooks", "test", "3", "--timeout", "-1s"}, exitFailed, "timeout: -1s is not longer than zero"},
		{[]string{"webhooks", "test", "3"}, exitFailed, "no database"},
		{[]string{"webhooks", "list"}, exitFailed, "no database at " + db + ": add an endpoint first"},
	} {
		code, _, errOut := cli(t, db, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("paceline %s: exit %d, %s; want exit %d and %q", strings.Join(tt.args, " "), code, errOut, tt.code, tt.want)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("bad input left a database behind")
	}
}
