package api_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// heldAccounts holds a forecast inside the store until released.
type heldAccounts struct {
	paceline.AccountStore
	entered, release chan struct{}
}

func (h heldAccounts) Accounts(ctx context.Context) ([]*paceline.Account, error) {
	h.entered <- struct{}{}
	select {
	case <-h.release:
		return h.AccountStore.Accounts(ctx)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// One forecast runs at a time: each takes every core, and eight at once took 49 s
// each where one alone took 4 s. A second waits for the first and, when its caller
// gives up first, answers 503 without having run.
func TestForecastRunsOneAtATime(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	held := heldAccounts{AccountStore: f.Store, entered: make(chan struct{}, 2), release: make(chan struct{})}
	a := api.New(api.Deps{Accounts: held, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users,
		NowFunc: func() time.Time { return apitest.Now }})
	first := make(chan int)
	go func() {
		code, _ := call(t, a, "GET", "/api/v1/forecast?runs=2&weeks=1", "")
		first <- code
	}()
	<-held.entered // the first forecast holds the slot

	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, "GET", "/api/v1/forecast?runs=2&weeks=1", nil)
	req.Header.Set("Authorization", "Bearer "+apitest.Token)
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), "one runs at a time") {
		t.Errorf("second forecast while one runs: %d %s", rec.Code, rec.Body.String())
	}
	if code, body := call(t, a, "GET", "/api/v1/forecast?runs=0", ""); code != 400 {
		t.Errorf("bad bounds while one runs: %d %s, want 400 at once", code, body)
	}

	close(held.release)
	if code := <-first; code != 200 {
		t.Fatalf("first forecast: %d", code)
	}
	if code, body := call(t, a, "GET", "/api/v1/forecast?runs=2&weeks=1", ""); code != 200 {
		t.Errorf("forecast after the first ended: %d %s", code, body)
	}
}
