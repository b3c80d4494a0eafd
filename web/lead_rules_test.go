package web_test

import (
	"context"
	"net"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/score"
	"github.com/paceline/paceline/web"
)

// requestKey marks the contexts of the test server's requests.
type requestKey struct{}

// rulesReads is a lead store that counts its reads of the ICP rules in force, and
// those made without the request's context.
type rulesReads struct {
	api.LeadStore
	mu                  sync.Mutex
	reads, noRequestCtx int
}

func (s *rulesReads) ICPRules(ctx context.Context) (score.Stored, bool, error) {
	s.mu.Lock()
	s.reads++
	if ctx.Value(requestKey{}) == nil {
		s.noRequestCtx++
	}
	s.mu.Unlock()
	return s.LeadStore.ICPRules(ctx)
}

// take returns the counts and starts them again.
func (s *rulesReads) take() (reads, noRequestCtx int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	reads, noRequestCtx = s.reads, s.noRequestCtx
	s.reads, s.noRequestCtx = 0, 0
	return reads, noRequestCtx
}

// The lead page and the sequence editor (which lists leads to preview for) read the
// ICP rules that explain scores once a page, with the request's context: they read
// them once per lead, with none, so a page of 50 leads made 50 reads that a closed
// request did not stop.
func TestPagesReadTheRulesOnceWithTheRequest(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	leads := &rulesReads{LeadStore: f.Store}
	s, err := web.New(web.Deps{API: api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: leads,
		Users: f.Users, NowFunc: func() time.Time { return apitest.Now }}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(s)
	srv.Config.BaseContext = func(net.Listener) context.Context {
		return context.WithValue(context.Background(), requestKey{}, true)
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	if len(f.Leads) < 2 {
		t.Fatalf("the fixture has %d leads, want several", len(f.Leads))
	}
	for _, page := range []string{"/sequences", "/leads/" + strconv.FormatInt(f.Leads[0].ID, 10)} {
		leads.take()
		if code, body := get(t, c, srv.URL+page); code != 200 {
			t.Fatalf("%s: %d\n%s", page, code, body)
		}
		if reads, noCtx := leads.take(); reads != 1 || noCtx != 0 {
			t.Errorf("%s read the rules %d times, %d of them without the request's context; want once, with it", page, reads, noCtx)
		}
	}
}
