package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/webhook"
)

// webhooks list counts each endpoint's deliveries that failed for good, and webhooks
// retry puts them back in the queue, with their attempts counted afresh, for the next
// serve or worker to send. list said "active" for an endpoint whose deliveries had all
// failed, and nothing could send them again.
func TestWebhooksListCountsFailedAndRetrySendsThemAgain(t *testing.T) {
	t.Parallel()
	if os.Getenv("PACELINE_SECRET_KEY") != "" {
		t.Skip("PACELINE_SECRET_KEY is set: this test uses the key file next to the database")
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "p.db")
	var status atomic.Int32
	status.Store(http.StatusServiceUnavailable)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(int(status.Load())) }))
	t.Cleanup(srv.Close)
	mustCLI(t, db, "webhooks", "add", "--url", srv.URL+"/hook")
	mustCLI(t, db, "webhooks", "add", "--url", srv.URL+"/other")
	// A failed test message is no delivery to retry.
	cli(t, db, "webhooks", "test", "1")

	st := openTestStore(t, db)
	out := &webhook.Outbox{Store: st}
	if n, err := out.Enqueue(ctx, paceline.Event{ID: 1, Key: "replied/1", At: time.Now(), Account: "alice", Type: paceline.EventReplied}); err != nil || n != 2 {
		t.Fatalf("Enqueue: %d, %v", n, err)
	}
	ds, err := st.RecentWebhookDeliveries(ctx, 1, 10)
	if err != nil || len(ds) != 2 {
		t.Fatalf("deliveries of endpoint 1: %d, %v", len(ds), err)
	}
	del := ds[0] // the latest: the event's
	del.Attempts, del.State, del.LastStatus, del.LastError = 8, paceline.WebhookFailed, 503, "the receiver answered 503"
	if err := st.UpdateWebhookDelivery(ctx, del); err != nil {
		t.Fatal(err)
	}

	var list []webhookView
	if err := json.Unmarshal([]byte(mustCLI(t, db, "webhooks", "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Failed != 1 || list[1].Failed != 0 {
		t.Fatalf("webhooks list --json = %+v; want 1 failed delivery for endpoint 1, none for 2", list)
	}
	text := mustCLI(t, db, "webhooks", "list")
	if !strings.Contains(text, "FAILED") || !strings.Contains(text, "1 delivery failed for good") ||
		!strings.Contains(text, "paceline webhooks retry") {
		t.Fatalf("webhooks list says nothing of the failed delivery:\n%s", text)
	}

	if got := mustCLI(t, db, "webhooks", "retry", "--endpoint", "2"); !strings.Contains(got, "no failed webhook deliveries for endpoint 2") {
		t.Fatalf("webhooks retry --endpoint 2 printed %q", got)
	}
	if got := mustCLI(t, db, "webhooks", "retry", "--since", "1h"); !strings.Contains(got, "webhook endpoint 1: 1 failed delivery sent again") {
		t.Fatalf("webhooks retry --since 1h printed %q", got)
	}
	if got, err := st.WebhookDelivery(ctx, del.ID); err != nil || got.State != paceline.WebhookPending || got.Attempts != 0 {
		t.Fatalf("the retried delivery: %+v, %v; want pending with no attempt", got, err)
	}
	if got := mustCLI(t, db, "webhooks", "retry"); !strings.Contains(got, "no failed webhook deliveries to send again") {
		t.Fatalf("webhooks retry with nothing failed printed %q", got)
	}

	// The receiver is fixed: the next sender delivers it.
	status.Store(http.StatusNoContent)
	key, err := (&app{dbPath: db}).loadSecretKey(false)
	if err != nil {
		t.Fatal(err)
	}
	d := &webhook.Deliverer{Store: st, Key: key}
	if res, err := d.DeliverDue(ctx, time.Now()); err != nil || res.Delivered != 2 {
		t.Fatalf("DeliverDue after the retry: %+v, %v; want both endpoints' deliveries delivered", res, err)
	}
	if err := json.Unmarshal([]byte(mustCLI(t, db, "webhooks", "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if list[0].Failed != 0 {
		t.Fatalf("webhooks list --json after the retry = %+v", list)
	}
}

func TestWebhooksRetryBadInput(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"webhooks", "retry", "--endpoint", "one"}, exitFailed, "not an endpoint ID"},
		{[]string{"webhooks", "retry", "--since", "0s"}, exitFailed, "since: 0s is not longer than zero"},
		{[]string{"webhooks", "retry"}, exitFailed, "no database"},
	} {
		code, _, errOut := cli(t, db, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("paceline %s: exit %d, %s; want exit %d and %q", strings.Join(tt.args, " "), code, errOut, tt.code, tt.want)
		}
	}
	mustCLI(t, db, "webhooks", "add", "--url", "https://x.example/hook")
	if code, _, errOut := cli(t, db, "webhooks", "retry", "--endpoint", "7"); code != exitFailed || !strings.Contains(errOut, "7") {
		t.Errorf("webhooks retry --endpoint 7 (unknown): exit %d, %s", code, errOut)
	}
}
