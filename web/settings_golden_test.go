package web_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/secret"
	"github.com/paceline/paceline/web"
)

// TestSettingsGoldenPages renders the Webhooks page (an endpoint with a delivered, a
// failed and a waiting delivery, one switched off by a 410) and the API tokens page,
// and compares them with testdata/NAME.html; go test ./web -update rewrites them.
func TestSettingsGoldenPages(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	ctx := context.Background()
	on := &paceline.WebhookEndpoint{URL: "https://crm.example.com/hooks/paceline?src=<b>", Secret: "sealed", Events: []string{"accepted", "replied"}, Active: true}
	off := &paceline.WebhookEndpoint{URL: "https://old.example.com/hook", Secret: "sealed", Active: true}
	for _, e := range []*paceline.WebhookEndpoint{on, off} {
		if err := f.Store.CreateWebhookEndpoint(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Store.SetWebhookEndpointActive(ctx, off.ID, false, "the receiver answered 410 Gone"); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*paceline.WebhookDelivery{
		{ID: "msg_a", EventKey: "ev/1", Type: "accepted", State: paceline.WebhookDelivered, Attempts: 1, LastStatus: 204},
		{ID: "msg_b", EventKey: "ev/2", Type: "replied", State: paceline.WebhookFailed, Attempts: 8, LastStatus: 500, LastError: "the receiver answered 500 Internal Server Error: <html>down</html>"},
		{ID: "msg_c", EventKey: "ev/3", Type: "replied", State: paceline.WebhookPending, Attempts: 2, LastError: "dial tcp: connection refused"},
	} {
		d.Endpoint, d.Payload, d.NextAttempt = on.ID, []byte(`{}`), apitest.Now.Add(30*time.Minute)
		if _, err := f.Store.EnqueueWebhookDelivery(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	key, err := secret.NewKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := serveDash(t, f, func(d *web.Deps) {
		d.Webhooks = f.Store
		d.WebhookKeyFunc = func(bool) (*secret.Key, error) { return key, nil }
	})
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	for _, name := range []string{"webhooks", "tokens"} {
		code, body := get(t, c, srv.URL+"/"+name)
		if code != 200 {
			t.Fatalf("%s: %d", name, code)
		}
		body = tokenValue.ReplaceAllString(body, `${1}TOKEN"`)
		path := filepath.Join("testdata", name+".html")
		if *update {
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./web -update)", err)
		}
		if body != string(want) {
			t.Errorf("%s differs from %s (go test ./web -update rewrites it):\n%s", name, path, firstDiff(body, string(want)))
		}
	}
}
