package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
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
			20*time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))
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

// serveClock is a runtime clock that stands where a sped-up run reached: years after
// the wall clock.
type serveClock struct{ t time.Time }

func (c serveClock) Now() time.Time                  { return c.t }
func (c serveClock) Until(t time.Time) time.Duration { return max(0, t.Sub(c.t)) }

// Webhooks go to real receivers in real time: under a sped-up runtime clock serve
// enqueues them, sends them, schedules their retries and stamps them delivered on the
// wall clock. They followed the runtime's clock: at --speed 2000 a delivery's eight
// attempts, meant to span about 28 hours, were spent in a minute, and delivered_at
// was a virtual instant.
func TestServeWebhooksRunOnTheWallClock(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	db := filepath.Join(t.TempDir(), "p.db")
	a := &app{dbPath: db}
	rdb, err := a.openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	st := rdb.store.(paceline.WebhookStore)
	key, err := a.loadSecretKey(true)
	if err != nil {
		t.Fatal(err)
	}
	answer := func(status int) *httptest.Server {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) }))
		t.Cleanup(s.Close)
		return s
	}
	up, down := answer(http.StatusNoContent), answer(http.StatusServiceUnavailable)
	for _, s := range []*httptest.Server{up, down} {
		if _, _, err := webhook.AddEndpoint(ctx, st, key, s.URL, []string{"replied"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	virtual := serveClock{time.Now().Add(3 * 365 * 24 * time.Hour)}
	runner := &runtime.Runner{Store: rdb.store, Clock: virtual, Seed: 1}
	start := time.Now()
	if err := a.startWebhooks(ctx, rdb, runner, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	// The event as the tick records it, at its virtual time.
	if err := runner.OnEventFunc(ctx, paceline.Event{ID: 1, Key: "replied/1", At: virtual.t, Account: "alice", Type: paceline.EventReplied}); err != nil {
		t.Fatal(err)
	}
	deliveries := func() []*paceline.WebhookDelivery {
		t.Helper()
		var all []*paceline.WebhookDelivery
		for id := int64(1); id <= 2; id++ {
			ds, err := st.RecentWebhookDeliveries(ctx, id, 10)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, ds...)
		}
		return all
	}
	ds := deliveries()
	if len(ds) != 2 {
		t.Fatalf("%d deliveries enqueued, want 2", len(ds))
	}
	for _, d := range ds {
		if d.NextAttempt.After(time.Now().Add(3 * time.Minute)) { // a claim's lease at most
			t.Fatalf("delivery to endpoint %d enqueued due at %s, on the runtime's clock (wall clock %s)", d.Endpoint, d.NextAttempt, time.Now())
		}
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		ds = deliveries()
		if ds[0].Attempts > 0 && ds[1].Attempts > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no attempt in 20 s: %+v %+v", ds[0], ds[1])
		}
	}
	cancel()
	end := time.Now()
	for _, d := range ds {
		switch d.Endpoint {
		case 1:
			if d.State != paceline.WebhookDelivered || d.DeliveredAt.Before(start) || d.DeliveredAt.After(end) {
				t.Errorf("delivered: state %s at %s, want delivered between %s and %s", d.State, d.DeliveredAt, start, end)
			}
		case 2:
			// The first retry comes 5 s ±20% after the first attempt.
			if d.State != paceline.WebhookPending || d.Attempts != 1 || d.NextAttempt.Before(start.Add(4*time.Second)) ||
				d.NextAttempt.After(end.Add(6*time.Second)) {
				t.Errorf("failing receiver: state %s after %d attempts, next at %s; want pending, 1 attempt, next 4-6 s after %s",
					d.State, d.Attempts, d.NextAttempt, start)
			}
		}
	}
}

// serve (and worker) started with a secret key that cannot open the stored endpoints'
// signing secrets is refused, saying which key the secrets were sealed with and what
// to set: it started silently, and each delivery it claimed failed and counted as an
// attempt, so that with several processes deliveries ended failed. Without endpoints
// there is nothing to check.
func TestServeRefusesAKeyThatCannotOpenTheWebhookSecrets(t *testing.T) {
	t.Parallel()
	if os.Getenv("PACELINE_SECRET_KEY") != "" {
		t.Skip("PACELINE_SECRET_KEY is set: this test uses the key file next to the database")
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	start := func(sealWith func(a *app) *secret.Key) error {
		t.Helper()
		a := &app{dbPath: filepath.Join(t.TempDir(), "p.db")}
		rdb, err := a.openRuntimeDB(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(rdb.Close)
		if sealWith != nil {
			if _, _, err := webhook.AddEndpoint(ctx, rdb.store.(paceline.WebhookStore), sealWith(a), "https://hooks.example.com/in", nil, nil); err != nil {
				t.Fatal(err)
			}
		}
		return a.startWebhooks(ctx, rdb, &runtime.Runner{Store: rdb.store, Clock: serveClock{time.Now()}, Seed: 1}, logger)
	}
	other := func(a *app) *secret.Key {
		if _, err := a.loadSecretKey(true); err != nil { // the database's key file: another key
			t.Fatal(err)
		}
		k, err := secret.NewKey(nil)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	own := func(a *app) *secret.Key {
		k, err := a.loadSecretKey(true)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	err := start(other)
	if paceline.ErrorCode(err) != paceline.EUNAUTHORIZED {
		t.Fatalf("serve with a key that does not open the endpoint's secret: %v, want EUNAUTHORIZED", err)
	}
	for _, want := range []string{"webhook endpoint 1", "open the endpoint's secret", "was sealed with key", "set PACELINE_SECRET_KEY to the key it was stored with"} {
		if !strings.Contains(paceline.ErrorMessage(err), want) {
			t.Errorf("the refusal %q does not say %q", paceline.ErrorMessage(err), want)
		}
	}
	if err := start(own); err != nil {
		t.Fatalf("serve with the endpoint's key: %v", err)
	}
	if err := start(nil); err != nil {
		t.Fatalf("serve without endpoints: %v", err)
	}
}
