package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/secret"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/paceline/paceline/webhook"
)

// t0 is the runtime clock of the tests; the wall clock (webhook-timestamp) stays real
// so that the receivers verify with time.Now as a real receiver does.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// fixture is a store, a key, an outbox and a deliverer, with one endpoint per
// receiver added by endpoint.
type fixture struct {
	t   testing.TB
	st  *sqlite.Store
	key *secret.Key
	out *webhook.Outbox
	del *webhook.Deliverer
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	key, err := secret.NewKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{
		t: t, st: st, key: key,
		out: &webhook.Outbox{Store: st, NowFunc: func() time.Time { return t0 }},
		del: &webhook.Deliverer{Store: st, Key: key, Rand: rand.New(rand.NewPCG(1, 2)), Timeout: 2 * time.Second},
	}
}

// receiver is an httptest server that verifies what it gets and answers with the
// statuses it is given, in turn (the last one repeats).
type receiver struct {
	*httptest.Server
	secret string

	mu       sync.Mutex
	statuses []int
	got      []received
	delay    time.Duration // before the first answer only
}

type received struct {
	id     string
	body   string
	err    error // what Verify said
	status int
}

func (f *fixture) receiver(events []string, statuses ...int) (*receiver, *paceline.WebhookEndpoint) {
	r := &receiver{statuses: statuses}
	r.Server = httptest.NewServer(http.HandlerFunc(r.serve))
	f.t.Cleanup(r.Close)
	ep, sec, err := webhook.AddEndpoint(context.Background(), f.st, f.key, r.URL+"/hook", events, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	r.secret = sec.Reveal()
	return r, ep
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	err := webhook.Verify(r.secret, req.Header, body, time.Now(), 0)
	r.mu.Lock()
	status := r.statuses[min(len(r.got), len(r.statuses)-1)]
	delay := r.delay
	r.delay = 0
	r.got = append(r.got, received{id: req.Header.Get(webhook.HeaderID), body: string(body), err: err, status: status})
	r.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-req.Context().Done():
			return
		}
	}
	w.WriteHeader(status)
	io.WriteString(w, http.StatusText(status))
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

func (f *fixture) deliver(now time.Time) webhook.Result {
	f.t.Helper()
	res, err := f.del.DeliverDue(context.Background(), now)
	if err != nil {
		f.t.Fatal(err)
	}
	return res
}

func (f *fixture) enqueue(e paceline.Event) int {
	f.t.Helper()
	n, err := f.out.Enqueue(context.Background(), e)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

func accepted(key string) paceline.Event {
	return paceline.Event{ID: 7, Key: key, At: t0.Add(-time.Minute), Account: "alice", Lead: "in:ada",
		Type: paceline.EventAccepted, Kind: paceline.KindInvite}
}

func TestDeliveredSignedWithThePayload(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r, _ := f.receiver(nil, 204)
	if n := f.enqueue(accepted("ev-1")); n != 1 {
		t.Fatalf("Enqueue wrote %d deliveries, want 1", n)
	}
	if res := f.deliver(t0); res != (webhook.Result{Delivered: 1}) {
		t.Fatalf("DeliverDue = %+v", res)
	}
	got := r.requests()
	if len(got) != 1 || got[0].err != nil || !strings.HasPrefix(got[0].id, "msg_") {
		t.Fatalf("received %+v", got)
	}
	var body struct {
		Type      string
		Timestamp time.Time
		Data      webhook.EventData
	}
	if err := json.Unmarshal([]byte(got[0].body), &body); err != nil {
		t.Fatal(err)
	}
	if body.Type != "accepted" || !body.Timestamp.Equal(t0.Add(-time.Minute)) || body.Data.Account != "alice" ||
		body.Data.Lead != "in:ada" || body.Data.Kind != "invite" || body.Data.Key != "ev-1" {
		t.Fatalf("payload %s", got[0].body)
	}
	d, err := f.st.WebhookDelivery(context.Background(), got[0].id)
	if err != nil || d.State != paceline.WebhookDelivered || d.Attempts != 1 || d.LastStatus != 204 || !d.DeliveredAt.Equal(t0) {
		t.Fatalf("stored delivery %+v, %v", d, err)
	}
	if res := f.deliver(t0.Add(time.Hour)); res != (webhook.Result{}) {
		t.Fatalf("a delivered message was sent again: %+v", res)
	}
}

func TestServerErrorRetriedThenDeliveredOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r, _ := f.receiver(nil, 500, 200)
	f.enqueue(accepted("ev-1"))
	if res := f.deliver(t0); res != (webhook.Result{Retrying: 1}) {
		t.Fatalf("first DeliverDue = %+v", res)
	}
	id := r.requests()[0].id
	d, _ := f.st.WebhookDelivery(context.Background(), id)
	if d.State != paceline.WebhookPending || d.LastStatus != 500 || !strings.Contains(d.LastError, "500") {
		t.Fatalf("after a 500: %+v", d)
	}
	// The first retry waits 5 s, jittered by up to 20%.
	if wait := d.NextAttempt.Sub(t0); wait < 4*time.Second || wait > 6*time.Second {
		t.Fatalf("retry in %s, want 5 s ± 20%%", wait)
	}
	if res := f.deliver(t0.Add(3 * time.Second)); res != (webhook.Result{}) {
		t.Fatalf("retried before its time: %+v", res)
	}
	if res := f.deliver(t0.Add(10 * time.Second)); res != (webhook.Result{Delivered: 1}) {
		t.Fatalf("retry: %+v", res)
	}
	f.deliver(t0.Add(24 * time.Hour))
	got := r.requests()
	if len(got) != 2 || got[1].id != id || got[1].body != got[0].body || got[1].err != nil {
		t.Fatalf("received %+v, want the same message twice, signed", got)
	}
}

func TestGoneDisablesTheEndpoint(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	r, ep := f.receiver(nil, 410)
	f.enqueue(accepted("ev-1"))
	f.enqueue(accepted("ev-2"))
	f.del.Workers = 1 // one sender: the second delivery of the batch sees the 410
	if res := f.deliver(t0); res != (webhook.Result{Failed: 1}) {
		t.Fatalf("DeliverDue = %+v", res)
	}
	got, err := f.st.WebhookEndpoint(ctx, ep.ID)
	if err != nil || got.Active || !strings.Contains(got.Disabled, "410") {
		t.Fatalf("endpoint after 410: %+v, %v", got, err)
	}
	if res := f.deliver(t0.Add(time.Hour)); res != (webhook.Result{}) {
		t.Fatalf("sent to a disabled endpoint: %+v", res)
	}
	if n := f.enqueue(accepted("ev-3")); n != 0 {
		t.Fatalf("enqueued %d for a disabled endpoint", n)
	}
	if n := len(r.requests()); n != 1 {
		t.Fatalf("the receiver got %d requests, want 1", n)
	}
}

func TestTimeoutRetried(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.del.Timeout = 100 * time.Millisecond
	r, _ := f.receiver(nil, 200)
	r.delay = 5 * time.Second
	f.enqueue(accepted("ev-1"))
	if res := f.deliver(t0); res != (webhook.Result{Retrying: 1}) {
		t.Fatalf("DeliverDue = %+v", res)
	}
	d, _ := f.st.WebhookDelivery(context.Background(), r.requests()[0].id)
	if d.LastStatus != 0 || !strings.Contains(d.LastError, "no answer within 100ms") {
		t.Fatalf("after a timeout: %+v", d)
	}
	if res := f.deliver(t0.Add(time.Minute)); res != (webhook.Result{Delivered: 1}) {
		t.Fatalf("retry after a timeout: %+v", res)
	}
}

func TestDuplicateEnqueueHarmless(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r, _ := f.receiver(nil, 200)
	f.receiver([]string{"replied"}, 200) // does not want accepted
	if n := f.enqueue(accepted("ev-1")); n != 1 {
		t.Fatalf("first Enqueue: %d", n)
	}
	if n := f.enqueue(accepted("ev-1")); n != 0 {
		t.Fatalf("second Enqueue of one event: %d, want 0", n)
	}
	f.deliver(t0)
	f.deliver(t0.Add(time.Hour))
	if got := r.requests(); len(got) != 1 {
		t.Fatalf("received %d, want 1", len(got))
	}
	// An event without a key is told apart by its ID; without either it is refused.
	if n := f.enqueue(paceline.Event{ID: 9, At: t0, Account: "alice", Type: paceline.EventRestricted}); n != 1 {
		t.Fatalf("Enqueue of an event with an ID only: %d", n)
	}
	if _, err := f.out.Enqueue(context.Background(), paceline.Event{Type: paceline.EventReplied}); paceline.ErrorCode(err) != paceline.EINVALID {
		t.Fatalf("Enqueue of an event with neither key nor ID: %v", err)
	}
}

func TestGivesUpAfterTheLastRetry(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.del.Backoff = []time.Duration{time.Second, time.Minute}
	r, _ := f.receiver(nil, 503)
	f.enqueue(accepted("ev-1"))
	var total webhook.Result
	for _, at := range []time.Duration{0, 2 * time.Second, 2 * time.Minute, time.Hour} {
		res := f.deliver(t0.Add(at))
		total.Delivered += res.Delivered
		total.Retrying += res.Retrying
		total.Failed += res.Failed
	}
	if total != (webhook.Result{Retrying: 2, Failed: 1}) {
		t.Fatalf("over the retries: %+v", total)
	}
	d, _ := f.st.WebhookDelivery(context.Background(), r.requests()[0].id)
	if d.State != paceline.WebhookFailed || d.Attempts != 3 || !strings.Contains(d.LastError, "503") || len(r.requests()) != 3 {
		t.Fatalf("after the last retry: %+v, %d requests", d, len(r.requests()))
	}
}

func TestRedirectToAnotherHostNotFollowed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	other, _ := f.receiver(nil, 200)
	// A receiver on another port of the same machine is another host (host:port).
	var hits int
	var mu sync.Mutex
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
		http.Redirect(w, req, other.URL+"/hook", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(redirector.Close)
	ep, _, err := webhook.AddEndpoint(context.Background(), f.st, f.key, redirector.URL, []string{"replied"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The first receiver wants every type, so only this endpoint is filtered to replied.
	f.st.SetWebhookEndpointActive(context.Background(), 1, false, "not in this test")
	f.enqueue(paceline.Event{Key: "r1", At: t0, Account: "alice", Lead: "in:bo", Type: paceline.EventReplied})
	if res := f.deliver(t0); res != (webhook.Result{Retrying: 1}) {
		t.Fatalf("DeliverDue = %+v", res)
	}
	if n := len(other.requests()); n != 0 || hits != 1 {
		t.Fatalf("the other host got %d requests, the redirector %d", n, hits)
	}
	d, _ := f.st.WebhookDelivery(context.Background(), firstID(t, f, ep.ID))
	if !strings.Contains(d.LastError, "307") || !strings.Contains(d.LastError, other.URL) {
		t.Fatalf("last error %q does not say where the receiver redirected", d.LastError)
	}
}

// firstID returns the id of the one delivery of an endpoint, claiming it far ahead.
func firstID(t *testing.T, f *fixture, endpoint int64) string {
	t.Helper()
	ds, err := f.st.ClaimWebhookDeliveries(context.Background(), t0.Add(48*time.Hour), t0.Add(48*time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Endpoint == endpoint {
			return d.ID
		}
	}
	t.Fatalf("no delivery for endpoint %d", endpoint)
	return ""
}

func TestBoundedAnswer(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		chunk := []byte(strings.Repeat("x", 1<<16))
		for range 1 << 10 { // 64 MiB, more than anyone should read
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	if _, _, err := webhook.AddEndpoint(context.Background(), f.st, f.key, srv.URL, nil, nil); err != nil {
		t.Fatal(err)
	}
	f.enqueue(accepted("ev-1"))
	if res := f.deliver(t0); res != (webhook.Result{Retrying: 1}) {
		t.Fatalf("DeliverDue = %+v", res)
	}
	ds, _ := f.st.ClaimWebhookDeliveries(context.Background(), t0.Add(time.Hour), t0.Add(time.Hour), 1)
	if len(ds) != 1 || len(ds[0].LastError) > 400 {
		t.Fatalf("last error kept %d bytes", len(ds[0].LastError))
	}
}

func TestSendTest(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r, ep := f.receiver([]string{"replied"}, 200)
	d, err := f.del.SendTest(context.Background(), ep.ID, t0)
	if err != nil {
		t.Fatal(err)
	}
	got := r.requests()
	if d.State != paceline.WebhookDelivered || len(got) != 1 || got[0].err != nil || !strings.Contains(got[0].body, `"type":"test"`) {
		t.Fatalf("SendTest = %+v, received %+v", d, got)
	}
	if _, err := f.del.SendTest(context.Background(), 999, t0); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("SendTest(999): %v", err)
	}
}

func TestAddEndpointChecks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	for _, tt := range []struct {
		url    string
		events []string
		field  string
	}{
		{"ftp://example.com/x", nil, "url"},
		{"example.com/x", nil, "url"},
		{"https://user:pw@example.com/x", nil, "url"},
		{"https://example.com/x", []string{"accepted", "clicked"}, "events"},
	} {
		_, _, err := webhook.AddEndpoint(ctx, f.st, f.key, tt.url, tt.events, nil)
		var e *paceline.Error
		if !errorsAs(err, &e) || e.Field != tt.field {
			t.Errorf("AddEndpoint(%q, %v) = %v, want an error on %s", tt.url, tt.events, err, tt.field)
		}
	}
	ep, sec, err := webhook.AddEndpoint(ctx, f.st, f.key, "https://example.com/x", []string{"campaign_paused"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ep.Secret, sec.Reveal()) || !strings.HasPrefix(sec.Reveal(), "whsec_") {
		t.Fatalf("stored secret %q, shown %q: the stored one must be sealed", ep.Secret, sec.Reveal())
	}
	opened, err := webhook.OpenSecret(f.key, ep)
	if err != nil || opened.Reveal() != sec.Reveal() {
		t.Fatalf("OpenSecret: %v", err)
	}
	// The same URL again would get every event twice.
	if _, _, err := webhook.AddEndpoint(ctx, f.st, f.key, "https://example.com/x", nil, nil); paceline.ErrorCode(err) != paceline.ECONFLICT ||
		!strings.Contains(paceline.ErrorMessage(err), "already endpoint "+strconv.FormatInt(ep.ID, 10)) {
		t.Fatalf("AddEndpoint of a known URL: %v, want a conflict naming endpoint %d", err, ep.ID)
	}
	if n, err := f.out.EnqueueCampaignPaused(ctx, "q1", "acceptance 12% < 20%", t0); err != nil || n != 1 {
		t.Fatalf("EnqueueCampaignPaused: %d, %v", n, err)
	}
}

func errorsAs(err error, target **paceline.Error) bool { return errors.As(err, target) }

func TestRedirectOnTheSameHostFollowed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r, ep := f.receiver(nil, 200)
	mux := http.NewServeMux()
	mux.HandleFunc("/old", func(w http.ResponseWriter, req *http.Request) {
		http.Redirect(w, req, "/hook", http.StatusPermanentRedirect)
	})
	mux.HandleFunc("/hook", r.serve)
	r.Config.Handler = mux
	// The endpoint's URL is /hook; move it to /old, sealed again under that URL.
	_, sec, err := webhook.AddEndpoint(context.Background(), f.st, f.key, r.URL+"/old", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.DeleteWebhookEndpoint(context.Background(), ep.ID); err != nil {
		t.Fatal(err)
	}
	r.mu.Lock()
	r.secret = sec.Reveal()
	r.mu.Unlock()
	f.enqueue(accepted("ev-1"))
	if res := f.deliver(t0); res != (webhook.Result{Delivered: 1}) {
		t.Fatalf("DeliverDue = %+v", res)
	}
	if got := r.requests(); len(got) != 1 || got[0].err != nil || got[0].body == "" {
		t.Fatalf("after a 308 on the same host the receiver got %+v", got)
	}
}

func TestRunDeliversUntilStopped(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r, _ := f.receiver(nil, 200)
	f.enqueue(accepted("ev-1"))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- f.del.Run(ctx, 10*time.Millisecond) }()
	deadline := time.Now().Add(5 * time.Second)
	for len(r.requests()) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := len(r.requests()); n != 1 {
		t.Fatalf("Run sent %d requests, want 1", n)
	}
}

func TestRecordEnqueuesOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	r, _ := f.receiver([]string{"restricted"}, 200)
	if err := f.st.CreateAccount(ctx, &paceline.Account{Name: "alice", Type: paceline.TypeFree, Executor: paceline.ExecutorSim,
		TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays, MinGap: paceline.DefaultMinGap, Safety: 1}); err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{true, false} {
		e := paceline.Event{Key: "restricted-1", At: t0, Account: "alice", Type: paceline.EventRestricted, Until: t0.Add(7 * 24 * time.Hour)}
		recorded, err := f.out.Record(ctx, f.st, &e)
		if err != nil || recorded != want || e.ID == 0 {
			t.Fatalf("Record #%d: recorded %v (want %v), id %d, %v", i+1, recorded, want, e.ID, err)
		}
	}
	f.deliver(t0)
	got := r.requests()
	if len(got) != 1 || !strings.Contains(got[0].body, `"until":"2026-03-09T09:00:00Z"`) {
		t.Fatalf("received %+v", got)
	}
}

// A sender whose key cannot open the endpoint's secret (a process started with another
// PACELINE_SECRET_KEY) sends nothing and counts no attempt: it gives the delivery back,
// due at once, for a process that can, and says why. It counted an attempt for each
// claim, so that with several processes deliveries ended failed.
func TestDeliveryLeftToASenderThatCanOpenTheSecret(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r, _ := f.receiver(nil, 204)
	f.enqueue(accepted("ev-1"))
	other, err := secret.NewKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	wrong := &webhook.Deliverer{Store: f.st, Key: other, Timeout: 2 * time.Second}
	for range 3 {
		res, err := wrong.DeliverDue(context.Background(), t0)
		if paceline.ErrorCode(err) != paceline.EUNAUTHORIZED || !strings.Contains(paceline.ErrorMessage(err), "set PACELINE_SECRET_KEY") {
			t.Fatalf("DeliverDue with another key: %v, want EUNAUTHORIZED saying which key to set", err)
		}
		if res != (webhook.Result{Released: 1}) {
			t.Fatalf("DeliverDue with another key = %+v, want 1 released", res)
		}
	}
	if got := r.requests(); len(got) != 0 {
		t.Fatalf("the receiver got %d requests from a sender without the secret", len(got))
	}
	ds, err := f.st.RecentWebhookDeliveries(context.Background(), 1, 10)
	if err != nil || len(ds) != 1 {
		t.Fatalf("deliveries: %d, %v", len(ds), err)
	}
	if d := ds[0]; d.State != paceline.WebhookPending || d.Attempts != 0 || !d.NextAttempt.Equal(t0) ||
		!strings.Contains(d.LastError, "open the endpoint's secret") {
		t.Fatalf("after senders without the secret: %+v; want pending, no attempt, due at %s, saying why", d, t0)
	}
	if res := f.deliver(t0); res != (webhook.Result{Delivered: 1}) {
		t.Fatalf("DeliverDue with the endpoint's key = %+v", res)
	}
	if d, err := f.st.WebhookDelivery(context.Background(), ds[0].ID); err != nil || d.Attempts != 1 || d.State != paceline.WebhookDelivered {
		t.Fatalf("delivered: %+v, %v; want 1 attempt", d, err)
	}
}
