package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/secret"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/paceline/paceline/webhook"
)

// An endpoint added while serve runs, to a database that had none at its start (so no
// key was read then), gets the events recorded after it: serve used to look for
// endpoints only at its start.
func TestServeDeliversToAnEndpointAddedLater(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	key, err := secret.NewKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 4)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("webhook-id")
		w.WriteHeader(http.StatusNoContent)
	}))
	defer receiver.Close()

	done := make(chan error, 1)
	go func() {
		done <- deliverWebhooks(ctx, st, nil, func(bool) (*secret.Key, error) { return key, nil },
			20*time.Millisecond, time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	time.Sleep(60 * time.Millisecond) // a few looks at a database without endpoints
	if _, _, err := webhook.AddEndpoint(ctx, st, key, receiver.URL, nil, nil); err != nil {
		t.Fatal(err)
	}
	out := &webhook.Outbox{Store: st}
	if n, err := out.Enqueue(ctx, paceline.Event{ID: 1, Key: "late/1", At: time.Now(), Account: "alice", Type: paceline.EventReplied}); err != nil || n != 1 {
		t.Fatalf("Enqueue: %d, %v", n, err)
	}
	select {
	case id := <-got:
		if id == "" {
			t.Fatal("the delivery came without a webhook-id")
		}
	case err := <-done:
		t.Fatalf("deliveries stopped: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("the endpoint added after the start got nothing in 5 s")
	}
	cancel()
	if err := <-done; err != nil && ctx.Err() == nil {
		t.Fatal(err)
	}
}
