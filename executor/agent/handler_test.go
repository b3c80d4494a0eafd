package agent_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/executor/agent"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/store/sqlite"
)

// monday is 10:00 UTC on a Monday.
var monday = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

type fixture struct {
	st    *sqlite.Store
	desk  *assist.Desk
	clock *clock
	srv   *httptest.Server
}

// newFixture serves the protocol over a fresh database with an agent account alice
// (and bob), a token for every account ("tok-all") and one for bob only ("tok-bob").
func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c := &clock{t: monday}
	st.NowFunc = c.Now
	for _, name := range []string{"alice", "bob"} {
		if err := st.CreateAccount(ctx, &paceline.Account{
			Name: name, Type: paceline.TypeFree, Executor: paceline.ExecutorAgent, TimeZone: "UTC",
			Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays, MinGap: paceline.DefaultMinGap, Safety: 1,
		}); err != nil {
			t.Fatal(err)
		}
	}
	for tok, acct := range map[string]string{"tok-all": "", "tok-bob": "bob"} {
		if err := st.CreateAgentToken(ctx, tok, acct, paceline.HashSecret(tok)); err != nil {
			t.Fatal(err)
		}
	}
	desk := &assist.Desk{Store: st, NowFunc: c.Now}
	srv := httptest.NewServer(agent.New(desk, st))
	t.Cleanup(srv.Close)
	return &fixture{st: st, desk: desk, clock: c, srv: srv}
}

func (f *fixture) client(token string) *agent.Client {
	return &agent.Client{BaseURL: f.srv.URL, Token: token, HTTP: f.srv.Client()}
}

// handOff makes n due invites for the account, as the engine and the outbox would.
func (f *fixture) handOff(t *testing.T, account string, n int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		a := paceline.Action{Key: fmt.Sprintf("q1/%s-lead%d/connect", account, i), At: f.clock.Now(), Account: account,
			Kind: paceline.KindInvite, Lead: fmt.Sprintf("lead-%d", i), WithNote: true, Campaign: "q1", Step: "connect"}
		out, err := f.desk.ExecuteText(ctx, a, engine.Text{Note: "Hi, glad to connect"})
		if err != nil {
			t.Fatal(err)
		}
		a.Result = out.Result
		if err := f.st.RecordAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLeaseAndReport(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	c := f.client("tok-all")
	if _, ok, err := c.Lease(ctx, "alice"); err != nil || ok {
		t.Fatalf("lease with nothing due: ok %v err %v, want 204", ok, err)
	}
	f.handOff(t, "alice", 2)
	l, ok, err := c.Lease(ctx, "alice")
	if err != nil || !ok {
		t.Fatalf("lease: %v %v", ok, err)
	}
	if l.Lease == "" || !l.Expires.Equal(monday.Add(assist.DefaultLeaseTTL)) || l.Action.Kind != "invite" ||
		l.Action.ProfileURL != "https://www.linkedin.com/in/lead-0/" || l.Action.Text != "Hi, glad to connect" ||
		l.Action.Todo == "" || !l.Action.DoneBy.Equal(time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)) {
		t.Fatalf("lease = %+v", l)
	}
	l2, ok, err := c.Lease(ctx, "alice")
	if err != nil || !ok || l2.Action.ID == l.Action.ID {
		t.Fatalf("second lease: %+v %v %v", l2, ok, err)
	}
	if _, ok, _ := c.Lease(ctx, "alice"); ok {
		t.Fatal("a third lease with two actions due")
	}

	// A duplicate report is harmless and answers the same; its events are stored once.
	req := agent.OutcomeRequest{Lease: l.Lease, Result: "done", Events: []agent.EventReport{
		{Type: "accepted", Lead: "https://www.linkedin.com/in/Lead-0?trk=x", At: monday.Add(time.Minute)},
	}}
	first, err := c.Report(ctx, l.Action.ID, req)
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.Report(ctx, l.Action.ID, req)
	if err != nil || again != first || first.State != "done" {
		t.Fatalf("reports: %+v then %+v (%v)", first, again, err)
	}
	evs, err := f.st.Events(ctx, "alice", monday, monday.Add(time.Hour))
	if err != nil || len(evs) != 1 || evs[0].Type != paceline.EventAccepted || evs[0].Lead != "lead-0" {
		t.Fatalf("events = %+v %v", evs, err)
	}
	// Another result for a finished action is a conflict.
	if _, err := c.Report(ctx, l.Action.ID, agent.OutcomeRequest{Lease: l.Lease, Result: "failed"}); paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Fatalf("a different second report: %v, want conflict", err)
	}
}

// Two agents on one account never hold the same action.
func TestConcurrentLeases(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.handOff(t, "alice", 5)
	var mu sync.Mutex
	held := map[int64]int{}
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l, ok, err := f.client("tok-all").Lease(context.Background(), "alice")
			if err != nil {
				t.Error(err)
				return
			}
			if ok {
				mu.Lock()
				held[l.Action.ID]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(held) != 5 {
		t.Fatalf("%d actions leased by 10 agents, want all 5", len(held))
	}
	for id, n := range held {
		if n != 1 {
			t.Fatalf("action %d leased %d times", id, n)
		}
	}
}

// A lease that runs out offers the action again; the first agent's late report is
// refused while the second agent holds it.
func TestLeaseExpiryAndReoffer(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.handOff(t, "alice", 1)
	c := f.client("tok-all")
	first, ok, err := c.Lease(ctx, "alice")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	f.clock.Set(monday.Add(assist.DefaultLeaseTTL - time.Second))
	if _, ok, _ := c.Lease(ctx, "alice"); ok {
		t.Fatal("leased again before the lease ran out")
	}
	f.clock.Set(monday.Add(assist.DefaultLeaseTTL))
	second, ok, err := c.Lease(ctx, "alice")
	if err != nil || !ok || second.Action.ID != first.Action.ID || second.Lease == first.Lease {
		t.Fatalf("re-offer: %+v %v %v", second, ok, err)
	}
	if _, err := c.Report(ctx, first.Action.ID, agent.OutcomeRequest{Lease: first.Lease, Result: "done"}); paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Fatalf("report under a lease that ran out: %v, want conflict", err)
	}
	if r, err := c.Report(ctx, second.Action.ID, agent.OutcomeRequest{Lease: second.Lease, Result: "done"}); err != nil || r.State != "done" {
		t.Fatalf("report: %+v %v", r, err)
	}
}

// A refusal with a limit notice makes the Pacer back off: the action is released and
// not offered again that day.
func TestLimitNoticeBacksOff(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.handOff(t, "alice", 1)
	c := f.client("tok-all")
	l, _, err := c.Lease(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Report(ctx, l.Action.ID, agent.OutcomeRequest{Lease: l.Lease, Result: "refused",
		Events: []agent.EventReport{{Type: "limit_notice"}}})
	if err != nil || r.State != "planned" {
		t.Fatalf("refused: %+v %v", r, err)
	}
	evs, _ := f.st.Events(ctx, "alice", monday, monday.Add(time.Hour))
	if len(evs) != 1 || evs[0].Type != paceline.EventLimitHit || evs[0].Kind != paceline.KindInvite {
		t.Fatalf("events = %+v", evs)
	}
	for _, after := range []time.Duration{10 * time.Minute, 4 * time.Hour} {
		f.clock.Set(monday.Add(after))
		if _, ok, err := c.Lease(ctx, "alice"); err != nil || ok {
			t.Fatalf("lease %s after a limit notice: ok %v err %v, want nothing due", after, ok, err)
		}
	}
	task, _ := f.st.Task(ctx, l.Action.ID)
	if task.State != paceline.TaskPlanned || task.Due.Before(monday.Add(24*time.Hour)) {
		t.Fatalf("after the notice: %s due %s", task.State, task.Due)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.handOff(t, "alice", 1)
	l, _, err := f.client("tok-all").Lease(context.Background(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprint(l.Action.ID)
	tests := []struct {
		name, token, path, body string
		status                  int
		code                    string
	}{
		{"no token", "", "lease", `{"account":"alice"}`, 401, "unauthorized"},
		{"unknown token", "nope", "lease", `{"account":"alice"}`, 401, "unauthorized"},
		{"token of another account", "tok-bob", "lease", `{"account":"alice"}`, 403, "forbidden"},
		{"report with another account's token", "tok-bob", "actions/" + id + "/outcome", `{"lease":"x","result":"done"}`, 403, "forbidden"},
		{"no account", "tok-all", "lease", `{}`, 400, "invalid"},
		{"unknown account", "tok-all", "lease", `{"account":"carol"}`, 404, "not_found"},
		{"unknown field", "tok-all", "lease", `{"account":"alice","x":1}`, 400, "invalid"},
		{"not JSON", "tok-all", "lease", `account=alice`, 400, "invalid"},
		{"empty body", "tok-all", "lease", ``, 400, "invalid"},
		{"huge body", "tok-all", "lease", `{"account":"` + strings.Repeat("a", 70<<10) + `"}`, 400, "invalid"},
		{"bad result", "tok-all", "actions/" + id + "/outcome", `{"lease":"` + l.Lease + `","result":"posted"}`, 400, "invalid"},
		{"bad event", "tok-all", "actions/" + id + "/outcome", `{"lease":"` + l.Lease + `","result":"done","events":[{"type":"liked"}]}`, 400, "invalid"},
		{"bad lead", "tok-all", "actions/" + id + "/outcome", `{"lease":"` + l.Lease + `","result":"done","events":[{"type":"replied","lead":"https://example.com/x"}]}`, 400, "invalid"},
		{"no lease", "tok-all", "actions/" + id + "/outcome", `{"result":"done"}`, 400, "invalid"},
		{"unknown action", "tok-all", "actions/999/outcome", `{"lease":"x","result":"done"}`, 404, "not_found"},
		{"bad action id", "tok-all", "actions/abc/outcome", `{"lease":"x","result":"done"}`, 404, "not_found"},
		{"unknown route", "tok-all", "leases", `{}`, 404, "not_found"},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodPost, f.srv.URL+agent.Prefix+tt.path, strings.NewReader(tt.body))
		if tt.token != "" {
			req.Header.Set("Authorization", "Bearer "+tt.token)
		}
		resp, err := f.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body agent.ErrorBody
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || err != nil || body.Error.Code != tt.code || body.Error.Message == "" {
			t.Errorf("%s: %d %+v (%v), want %d %s", tt.name, resp.StatusCode, body, err, tt.status, tt.code)
		}
	}
	// Nothing above changed the action.
	task, _ := f.st.Task(context.Background(), l.Action.ID)
	if task.State != paceline.TaskLeased || task.LeaseID != l.Lease {
		t.Fatalf("after bad requests: %+v", task)
	}
}

// A restriction the agent saw reaches the event store with its end, for the Pacer to
// pause the account until then.
func TestRestrictionReported(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.handOff(t, "alice", 1)
	c := f.client("tok-all")
	l, _, err := c.Lease(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	until := monday.Add(7 * 24 * time.Hour)
	r, err := c.Report(ctx, l.Action.ID, agent.OutcomeRequest{Lease: l.Lease, Result: "failed",
		Events: []agent.EventReport{{Type: "restricted", Until: until}, {Type: "warning"}}})
	if err != nil || r.State != "failed" {
		t.Fatalf("report: %+v %v", r, err)
	}
	evs, _ := f.st.Events(ctx, "alice", monday, monday.Add(time.Hour))
	if len(evs) != 2 || evs[0].Type != paceline.EventRestricted || !evs[0].Until.Equal(until) ||
		evs[1].Type != paceline.EventWarning || evs[1].Kind != paceline.KindInvite {
		t.Fatalf("events = %+v", evs)
	}
}
