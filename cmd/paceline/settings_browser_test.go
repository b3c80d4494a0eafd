package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The Webhooks and API tokens pages in a headless browser, on what serve mounts: add
// an endpoint (its secret shown once), send it a test, create a token (shown once),
// see that the list does not show it again, and revoke it.
func TestSettingsPagesInBrowser(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("no chromium binary found: browser tests skipped (apt-get install chromium)")
	}
	t.Parallel()
	base, password, _ := serveDashboard(t)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer receiver.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return s
	}
	shot := func(name string) {
		if !*screenshots {
			return
		}
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "screenshots", name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	if err := chromedp.Do(bctx,
		chromedp.Navigate(base+"/webhooks"),
		chromedp.WaitVisible(chromedp.ID("password")),
		chromedp.SendKeys(chromedp.ID("user"), "admin"),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.ID("login")),
		chromedp.WaitVisible(chromedp.CSS(`input[name="url"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="url"]`), receiver.URL+"/hook"),
		chromedp.Click(chromedp.CSS(`input[value="replied"]`)),
		chromedp.Click(chromedp.CSS(`form[action="/webhooks"] button`)),
		chromedp.WaitVisible(chromedp.CSS("code.token")),
	); err != nil {
		t.Fatalf("log in and add an endpoint: %v", err)
	}
	if secret := text("code.token"); !strings.HasPrefix(secret, "whsec_") || !strings.Contains(text("section.secret"), "shown only this once") {
		t.Fatalf("the new endpoint's secret: %q", secret)
	}
	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`form[action="/webhooks/1/test"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice[role="status"]`)),
	); err != nil {
		t.Fatalf("send a test: %v", err)
	}
	if got := text(`p.notice[role="status"]`); !strings.Contains(got, "the receiver answered 204") || !strings.Contains(text("table.deliveries"), "delivered") {
		t.Fatalf("after the test: %q", got)
	}
	shot("webhooks")

	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/tokens"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "crm-sync"),
		chromedp.Click(chromedp.CSS(`form[action="/tokens"] button`)),
		chromedp.WaitVisible(chromedp.CSS("code.token")),
	); err != nil {
		t.Fatalf("create a token: %v", err)
	}
	token := text("code.token")
	if !strings.HasPrefix(token, "plt_") {
		t.Fatalf("the new token: %q", token)
	}
	if err := chromedp.Do(bctx,
		chromedp.Navigate(base+"/tokens"),
		chromedp.WaitVisible(chromedp.CSS("table.tokens")),
	); err != nil {
		t.Fatal(err)
	}
	if list := text("main"); strings.Contains(list, token) || !strings.Contains(list, "crm-sync") {
		t.Fatalf("the tokens list shows the token again, or not its name:\n%s", list)
	}
	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`table.tokens form button`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice[role="status"]`)),
	); err != nil {
		t.Fatalf("revoke: %v", err)
	}
	if got := text(`p.notice[role="status"]`); !strings.Contains(got, "Revoked token") {
		t.Fatalf("after revoke: %q", got)
	}
	shot("tokens") // after the revoke: a picture of a token's value would alarm secret scanners
}
