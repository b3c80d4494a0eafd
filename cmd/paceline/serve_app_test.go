package main

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
	if !strings.Contains(out.String(), "created dashboard user admin, password ") {
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
