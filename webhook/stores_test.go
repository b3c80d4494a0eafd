package webhook_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/postgres/pgtest"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/paceline/paceline/webhook"
)

// dbStore is what the tests on both databases use of a store.
type dbStore interface {
	runtime.Store
	paceline.WebhookStore
	webhook.CampaignReader
	webhook.RelayStore
	CreateCampaign(ctx context.Context, c *paceline.Campaign) error
	AddEnrollments(ctx context.Context, campaign string, recs []paceline.EnrollmentRecord) (int, error)
	Close() error
}

// eachDB runs fn as a parallel subtest on SQLite, and on PostgreSQL when
// PACELINE_TEST_POSTGRES names a server, with a fresh store whose clock reads *now.
func eachDB(t *testing.T, fn func(t *testing.T, st dbStore, now *time.Time)) {
	open := map[string]func(testing.TB, func() time.Time) dbStore{"sqlite": openSQLite}
	if os.Getenv("PACELINE_TEST_POSTGRES") != "" {
		open["postgres"] = openPostgres
	} else {
		t.Log("PostgreSQL tests skipped: set PACELINE_TEST_POSTGRES=postgres://... to run them")
	}
	for name, open := range open {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			now := t0
			fn(t, open(t, func() time.Time { return now }), &now)
		})
	}
}

func openSQLite(tb testing.TB, now func() time.Time) dbStore {
	tb.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "p.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	st.NowFunc = now
	return st
}

// openPostgres opens a store in a schema of its own, dropped when the test ends.
func openPostgres(tb testing.TB, now func() time.Time) dbStore {
	tb.Helper()
	db, _ := pgtest.Schema(tb, os.Getenv("PACELINE_TEST_POSTGRES"), "wh_")
	st, err := postgres.Open(context.Background(), db)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	st.NowFunc = now
	return st
}

// The stores count the deliveries given up by endpoint, and put back to pending, due
// now with no attempt counted, those of one endpoint that failed since a time: the
// others (another endpoint's, older ones, pending and delivered ones, a failed test
// message) stay as they are.
func TestRetryFailedWebhookDeliveries(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, st dbStore, now *time.Time) {
		ctx := context.Background()
		fs, ok := st.(webhook.FailedStore)
		if !ok {
			t.Fatalf("%T is no webhook.FailedStore", st)
		}
		var eps [2]int64
		for i := range eps {
			ep := &paceline.WebhookEndpoint{URL: "https://hooks.example.com/" + string(rune('a'+i)), Secret: "v1:x:y", Active: true}
			if err := st.CreateWebhookEndpoint(ctx, ep); err != nil {
				t.Fatal(err)
			}
			eps[i] = ep.ID
		}
		// put stores a delivery and its last attempt's outcome, state, at *now.
		put := func(id string, ep int64, state paceline.WebhookState) {
			t.Helper()
			typ := "accepted"
			if id == "test" {
				typ = webhook.TypeTest
			}
			d := &paceline.WebhookDelivery{ID: id, Endpoint: ep, EventKey: "ev/" + id, Type: typ, Payload: []byte(`{}`),
				NextAttempt: *now, State: paceline.WebhookPending}
			if _, err := st.EnqueueWebhookDelivery(ctx, d); err != nil {
				t.Fatal(err)
			}
			d.State, d.Attempts, d.LastStatus, d.LastError = state, 8, 503, "the receiver answered 503"
			if state == paceline.WebhookDelivered {
				d.DeliveredAt = *now
			}
			if err := st.UpdateWebhookDelivery(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		put("old", eps[0], paceline.WebhookFailed)
		*now = now.Add(48 * time.Hour)
		put("new", eps[0], paceline.WebhookFailed)
		put("other", eps[1], paceline.WebhookFailed)
		put("sent", eps[0], paceline.WebhookDelivered)
		put("waiting", eps[0], paceline.WebhookPending)
		put("test", eps[0], paceline.WebhookFailed) // a test message: never retried
		counts, err := fs.FailedWebhookDeliveries(ctx)
		if err != nil || len(counts) != 2 || counts[eps[0]] != 2 || counts[eps[1]] != 1 {
			t.Fatalf("FailedWebhookDeliveries = %v, %v; want %d: 2, %d: 1", counts, err, eps[0], eps[1])
		}
		*now = now.Add(time.Hour)
		if n, err := fs.RetryFailedWebhookDeliveries(ctx, eps[0], now.Add(-24*time.Hour)); err != nil || n != 1 {
			t.Fatalf("RetryFailedWebhookDeliveries(endpoint %d, last day) = %d, %v; want 1", eps[0], n, err)
		}
		want := map[string]paceline.WebhookState{"old": paceline.WebhookFailed, "new": paceline.WebhookPending,
			"other": paceline.WebhookFailed, "sent": paceline.WebhookDelivered, "waiting": paceline.WebhookPending,
			"test": paceline.WebhookFailed}
		for id, state := range want {
			d, err := st.WebhookDelivery(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if d.State != state {
				t.Errorf("delivery %s: %s, want %s", id, d.State, state)
			}
			if id == "new" && (d.Attempts != 0 || !d.NextAttempt.Equal(now.Truncate(time.Microsecond))) {
				t.Errorf("retried delivery: %d attempts, next at %s; want 0, due %s", d.Attempts, d.NextAttempt, *now)
			}
		}
		claimed, err := st.ClaimWebhookDeliveries(ctx, *now, now.Add(time.Minute), 10)
		if err != nil || len(claimed) != 2 {
			t.Fatalf("ClaimWebhookDeliveries after the retry: %d deliveries, %v; want new and waiting", len(claimed), err)
		}
		if n, err := fs.RetryFailedWebhookDeliveries(ctx, eps[0], time.Time{}); err != nil || n != 1 {
			t.Fatalf("RetryFailedWebhookDeliveries(endpoint %d, whenever) = %d, %v; want 1 (old)", eps[0], n, err)
		}
		if n, err := fs.RetryFailedWebhookDeliveries(ctx, 999, time.Time{}); err != nil || n != 0 {
			t.Fatalf("RetryFailedWebhookDeliveries(999) = %d, %v; want 0", n, err)
		}
		if counts, err := fs.FailedWebhookDeliveries(ctx); err != nil || len(counts) != 1 || counts[eps[1]] != 1 {
			t.Fatalf("FailedWebhookDeliveries after the retries = %v, %v", counts, err)
		}
	})
}
