package web_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/secret"
	"github.com/paceline/paceline/web"
	"github.com/paceline/paceline/webhook"
)

// serveDash serves the dashboard over the fixture as serveFixture does, with the
// dashboard's own dependencies changed first by with.
func serveDash(t *testing.T, f *apitest.Fixture, with func(*web.Deps)) *httptest.Server {
	t.Helper()
	deps := web.Deps{}
	deps.API.Accounts, deps.API.History, deps.API.Events, deps.API.Leads = f.Store, f.Store, f.Store, f.Store
	deps.API.Users, deps.API.Tasks, deps.API.Importer = f.Users, f.Desk, f.Store
	deps.API.NowFunc = func() time.Time { return apitest.Now }
	with(&deps)
	s, err := web.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	dash := httptest.NewServer(s)
	t.Cleanup(dash.Close)
	return dash
}

// receiver is a webhook receiver that keeps what it was sent: 204 on /ok, 500
// (with a body) anywhere else.
type receiver struct {
	*httptest.Server
	mu   sync.Mutex
	got  []http.Header
	body [][]byte
}

func newReceiver(t *testing.T) *receiver {
	rc := &receiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.got, rc.body = append(rc.got, r.Header.Clone()), append(rc.body, b)
		rc.mu.Unlock()
		if r.URL.Path != "/ok" {
			http.Error(w, "receiver is down", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(rc.Close)
	return rc
}

var shownToken = regexp.MustCompile(`<code class="token">([^<]+)</code>`)

// shownSecret is the secret the page shows once, as a browser displays it.
func shownSecret(body string) string {
	m := shownToken.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// The Webhooks page lists the endpoints with their latest deliveries, adds one
// (showing its signing secret once), refuses a bad URL, an unknown event type and a
// URL already added with why and the form as typed, sends a signed test, switches an
// endpoint back on and removes one behind a ticked box; every button needs the CSRF
// token.
func TestWebhooksPage(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	key, err := secret.NewKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := serveDash(t, f, func(d *web.Deps) {
		d.Webhooks = f.Store
		d.WebhookKeyFunc = func(bool) (*secret.Key, error) { return key, nil }
	})
	rc := newReceiver(t)
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	ctx := context.Background()

	if code, body := get(t, c, srv.URL+"/webhooks"); code != http.StatusOK || !strings.Contains(body, "No webhook endpoint yet") ||
		!strings.Contains(body, `href="/webhooks" class="on"`) || !strings.Contains(body, `value="campaign_paused"`) {
		t.Fatalf("empty webhooks page: %d\n%s", code, body)
	}
	add := func(u string, events ...string) (int, string) {
		res, body := postForm(t, c, srv.URL+"/webhooks", url.Values{"csrf": {csrf}, "url": {u}, "events": events})
		return res.StatusCode, body
	}
	if res, _ := postForm(t, c, srv.URL+"/webhooks", url.Values{"url": {rc.URL + "/ok"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("add without CSRF: %d", res.StatusCode)
	}
	for _, tc := range []struct {
		url    string
		events []string
		says   string
	}{
		{"", nil, "is empty"},
		{"ftp://hooks.example.com/x", []string{"replied"}, "must start with https://"},
		{"https://bob:pw@hooks.example.com/x", nil, "must not carry a user name or password"},
		{"https://hooks.example.com/x", []string{"replied", "clicked"}, "&#34;clicked&#34; is not an event type"},
	} {
		code, body := add(tc.url, tc.events...)
		if code != http.StatusBadRequest || !strings.Contains(body, "Not added: ") || !strings.Contains(body, tc.says) ||
			(tc.url != "" && !strings.Contains(body, `value="`+tc.url+`"`)) ||
			(len(tc.events) > 0 && !strings.Contains(body, `value="replied" checked`)) {
			t.Errorf("add %q %v: %d, want 400 saying %q with the form as typed\n%s", tc.url, tc.events, code, tc.says, body)
		}
	}
	if eps, _ := f.Store.WebhookEndpoints(ctx); len(eps) != 0 {
		t.Fatalf("refused forms stored %d endpoints", len(eps))
	}

	// Added: the secret is shown on this answer only, and it is the one that signs.
	code, body := add(rc.URL+"/ok", "accepted", "replied")
	shown := shownSecret(body)
	if code != http.StatusCreated || !strings.HasPrefix(shown, "whsec_") || !strings.Contains(body, "shown only this once") {
		t.Fatalf("add: %d\n%s", code, body)
	}
	eps, err := f.Store.WebhookEndpoints(ctx)
	if err != nil || len(eps) != 1 || eps[0].URL != rc.URL+"/ok" || strings.Join(eps[0].Events, ",") != "accepted,replied" {
		t.Fatalf("stored endpoints %+v, %v", eps, err)
	}
	ok := eps[0]
	if opened, err := webhook.OpenSecret(key, ok); err != nil || opened.Reveal() != shown {
		t.Fatalf("the shown secret is not the stored one: %v", err)
	}
	if code, body := add(rc.URL + "/ok"); code != http.StatusConflict || !strings.Contains(body, "is already endpoint "+itoa(ok.ID)) {
		t.Fatalf("the same URL again: %d\n%s", code, body)
	}
	_, list := get(t, c, srv.URL+"/webhooks")
	if strings.Contains(list, "whsec_") || !strings.Contains(list, rc.URL+"/ok") || !strings.Contains(list, "accepted, replied") ||
		!strings.Contains(list, "Nothing sent to it yet") {
		t.Fatalf("the list after adding (it must never show the secret again):\n%s", list)
	}

	// A test delivery: signed with the secret shown, listed as delivered.
	res, _ := postForm(t, c, srv.URL+"/webhooks/"+itoa(ok.ID)+"/test", url.Values{"csrf": {csrf}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("test: %d", res.StatusCode)
	}
	if _, body := get(t, c, srv.URL+res.Header.Get("Location")); !strings.Contains(body, "Delivered test webhook msg_") ||
		!strings.Contains(body, "the receiver answered 204") || !strings.Contains(body, `<span class="tag">delivered</span>`) {
		t.Fatalf("the page after a test:\n%s", body)
	}
	rc.mu.Lock()
	if len(rc.got) != 1 || webhook.Verify(shown, rc.got[0], rc.body[0], time.Now(), 0) != nil {
		t.Fatalf("the receiver got %d requests, the first verified: %v", len(rc.got), webhook.Verify(shown, rc.got[0], rc.body[0], time.Now(), 0))
	}
	rc.mu.Unlock()

	// A receiver that fails: the page says why, and lists the failure with its answer.
	code, _ = add(rc.URL + "/down")
	if code != http.StatusCreated {
		t.Fatalf("add a second endpoint: %d", code)
	}
	eps, _ = f.Store.WebhookEndpoints(ctx)
	down := eps[1]
	res, _ = postForm(t, c, srv.URL+"/webhooks/"+itoa(down.ID)+"/test", url.Values{"csrf": {csrf}})
	if _, body := get(t, c, srv.URL+res.Header.Get("Location")); !strings.Contains(body, "was not delivered: the receiver answered 500") ||
		!strings.Contains(body, `<span class="tag warn">failed</span>`) || !strings.Contains(body, "receiver is down") ||
		!strings.Contains(body, "1 failed</strong> among the latest 1") {
		t.Fatalf("the page after a failed test:\n%s", body)
	}

	// Switched off by a 410: the page says why and switches it on again.
	if err := f.Store.SetWebhookEndpointActive(ctx, down.ID, false, "the receiver answered 410 Gone"); err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, c, srv.URL+"/webhooks"); !strings.Contains(body, "Switched off: the receiver answered 410 Gone") ||
		!strings.Contains(body, `action="/webhooks/`+itoa(down.ID)+`/enable"`) {
		t.Fatalf("an endpoint switched off:\n%s", body)
	}
	res, _ = postForm(t, c, srv.URL+"/webhooks/"+itoa(down.ID)+"/enable", url.Values{"csrf": {csrf}})
	if got, err := f.Store.WebhookEndpoint(ctx, down.ID); res.StatusCode != http.StatusSeeOther || err != nil || !got.Active {
		t.Fatalf("switch on: %d, endpoint %+v, %v", res.StatusCode, got, err)
	}

	// Remove: not without the ticked box, then gone; a second click says it is gone.
	remove := srv.URL + "/webhooks/" + itoa(down.ID) + "/remove"
	res, _ = postForm(t, c, remove, url.Values{"csrf": {csrf}})
	if _, body := get(t, c, srv.URL+res.Header.Get("Location")); !strings.Contains(body, "was not removed: tick the box") {
		t.Fatalf("remove without the box:\n%s", body)
	}
	if _, err := f.Store.WebhookEndpoint(ctx, down.ID); err != nil {
		t.Fatalf("removed without the box: %v", err)
	}
	for _, want := range []string{"Removed webhook endpoint " + itoa(down.ID), "There is no webhook endpoint " + itoa(down.ID) + ": it was removed, or never added"} {
		res, _ = postForm(t, c, remove, url.Values{"csrf": {csrf}, "confirm": {"yes"}})
		if _, body := get(t, c, srv.URL+res.Header.Get("Location")); res.StatusCode != http.StatusSeeOther || !strings.Contains(body, want) {
			t.Fatalf("remove: %d, page without %q:\n%s", res.StatusCode, want, body)
		}
	}
	if _, err := f.Store.WebhookEndpoint(ctx, down.ID); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("after remove: %v", err)
	}
	if code, body := get(t, c, srv.URL+"/webhooks/abc/remove"); code != http.StatusMethodNotAllowed || !strings.Contains(body, "is a button&#39;s address") {
		t.Fatalf("a button opened as a link: %d\n%s", code, body)
	}
	if res, body := postForm(t, c, srv.URL+"/webhooks/abc/test", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "not a webhook endpoint id") {
		t.Fatalf("a bad id: %d\n%s", res.StatusCode, body)
	}
	// An id never added is not said to be removed already.
	res, _ = postForm(t, c, srv.URL+"/webhooks/99/test", url.Values{"csrf": {csrf}})
	if _, body := get(t, c, srv.URL+res.Header.Get("Location")); !strings.Contains(body, "There is no webhook endpoint 99") || strings.Contains(body, "removed already") {
		t.Fatalf("test of an id never added: %d\n%s", res.StatusCode, body)
	}
}

// A server that keeps no webhooks (or has no key) says so on the page and refuses
// the buttons, rather than failing on a nil store.
func TestWebhooksPageWithoutStore(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	srv := serveDash(t, f, func(*web.Deps) {})
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	if code, body := get(t, c, srv.URL+"/webhooks"); code != http.StatusOK || !strings.Contains(body, "This server keeps no webhooks") ||
		strings.Contains(body, `action="/webhooks"`) {
		t.Fatalf("webhooks page without a store: %d\n%s", code, body)
	}
	if res, body := postForm(t, c, srv.URL+"/webhooks", url.Values{"csrf": {csrf}, "url": {"https://hooks.example.com/x"}}); res.StatusCode != http.StatusServiceUnavailable ||
		!strings.Contains(body, "paceline webhooks") {
		t.Fatalf("add without a store: %d\n%s", res.StatusCode, body)
	}

	// A key the server cannot read (PostgreSQL without PACELINE_SECRET_KEY): the form
	// says so and keeps what was typed.
	unset := serveDash(t, f, func(d *web.Deps) {
		d.Webhooks = f.Store
		d.WebhookKeyFunc = func(bool) (*secret.Key, error) {
			return nil, paceline.Errorf(paceline.EINVALID, "set PACELINE_SECRET_KEY")
		}
	})
	c = client(t)
	_, csrf = login(t, c, unset.URL, apitest.Password)
	if res, body := postForm(t, c, unset.URL+"/webhooks", url.Values{"csrf": {csrf}, "url": {"https://hooks.example.com/x"}}); res.StatusCode != http.StatusServiceUnavailable ||
		!strings.Contains(body, "Not added: set PACELINE_SECRET_KEY") || !strings.Contains(body, `value="https://hooks.example.com/x"`) {
		t.Fatalf("add without a readable key: %d\n%s", res.StatusCode, body)
	}

	noKey := serveDash(t, f, func(d *web.Deps) { d.Webhooks = f.Store })
	c = client(t)
	_, csrf = login(t, c, noKey.URL, apitest.Password)
	if _, body := get(t, c, noKey.URL+"/webhooks"); !strings.Contains(body, "no secret key to sign with") || strings.Contains(body, `action="/webhooks"`) {
		t.Fatalf("webhooks page without a key:\n%s", body)
	}
	if res, _ := postForm(t, c, noKey.URL+"/webhooks", url.Values{"csrf": {csrf}, "url": {"https://hooks.example.com/x"}}); res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("add without a key: %d", res.StatusCode)
	}
}
