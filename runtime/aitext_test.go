package runtime_test

import (
	"context"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/personalize/aiwrite"
	"github.com/paceline/paceline/personalize/aiwrite/aiwritetest"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
	"github.com/paceline/paceline/sim"
)

// aiSequence is a campaign whose invite note is written by the model.
func aiSequence(review bool) string {
	r := "false"
	if review {
		r = "true"
	}
	return `name: ai
steps:
  - id: connect
    invite: {note: "Hi {{first_name}}, glad to connect."}
    ai: {prompt: "Mention their role; no pitch.", review: ` + r + `, fields: [first_name, company, title]}
`
}

// aiLeads are the leads of the AI tests; the fake model answers each one its own way.
var aiLeads = map[string]*paceline.Lead{
	"ada": {ProfileKey: "ada", FirstName: "Ada", Company: "Acme", Title: "CTO"},
	"bob": {ProfileKey: "bob", FirstName: "Bob", Company: "Brix", Title: "Founder"},
	"cy":  {ProfileKey: "cy", FirstName: "Cy", Company: "Cole", Title: "Head of Sales"},
	"dee": {ProfileKey: "dee", FirstName: "Dee", Company: "Dune", Title: "VP Marketing"},
	"eve": {ProfileKey: "eve", FirstName: "Eve", Company: "Edge", Title: "COO"},
	"fay": {ProfileKey: "fay", FirstName: "Fay", Company: "Fern", Title: "CFO"},
	"gus": {ProfileKey: "gus", FirstName: "Gus", Company: "Gale", Title: "CEO"},
	"hal": {ProfileKey: "hal", FirstName: "Hal", Company: "Hive", Title: "CTO"},
}

var firstName = regexp.MustCompile(`first_name: (\S+)`)

// model is the fake endpoint's behaviour per lead: a good note for Ada, Gus and Hal, an
// over-long one for Bob, a banned phrase for Cy, no answer in time for Dee, junk for
// Eve and a server error for Fay.
func model(r aiwritetest.Request) aiwritetest.Answer {
	m := firstName.FindStringSubmatch(r.User)
	name := ""
	if m != nil {
		name = m[1]
	}
	switch name {
	case "Ada":
		return aiwritetest.Answer{Content: "Hi Ada, good to see a CTO at Acme here. Glad to connect.", Tokens: [2]int{400, 30}}
	case "Gus":
		return aiwritetest.Answer{Content: "Hi Gus, leading Gale as CEO must keep you busy. Glad to connect.", Tokens: [2]int{400, 30}}
	case "Hal":
		return aiwritetest.Answer{Content: "Hi Hal, a CTO at Hive: glad to connect.", Tokens: [2]int{400, 30}}
	case "Bob":
		return aiwritetest.Answer{Content: strings.Repeat("Hi Bob, glad to connect. ", 20)}
	case "Cy":
		return aiwritetest.Answer{Content: "Hi Cy, I hope this finds you well. Glad to connect."}
	case "Dee":
		return aiwritetest.Answer{Content: "Hi Dee.", Delay: 3 * time.Second}
	case "Eve":
		return aiwritetest.Answer{Raw: "<html>Service Unavailable</html>"}
	}
	return aiwritetest.Answer{Status: 500, Raw: `{"error":"boom"}`}
}

// recorder is the accounts' real executor in the tests: the simulated platform, with
// every text it was handed recorded.
type recorder struct {
	*sim.Platform
	mu   sync.Mutex
	sent map[string][]engine.Text // by lead
}

func (r *recorder) ExecuteText(ctx context.Context, a paceline.Action, t engine.Text) (engine.Outcome, error) {
	r.mu.Lock()
	r.sent[a.Lead] = append(r.sent[a.Lead], t)
	r.mu.Unlock()
	return r.Platform.Execute(ctx, a)
}

func (r *recorder) notes(lead string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, t := range r.sent[lead] {
		out = append(out, t.Note)
	}
	return out
}

// aiRig is a store with one account and the AI campaign over the given leads, and
// the AIText executor around a recorder.
type aiRig struct {
	st  testStore
	rec *recorder
	x   *runtime.AIText
	srv *aiwritetest.Server
	ai  aiwrite.Store
	v   *virtual
	log *logBuffer
}

// logBuffer collects log lines from concurrent writers.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newAIRig(t *testing.T, open func(testing.TB) testStore, review bool, budget *aiwrite.Budget, leads ...string) *aiRig {
	t.Helper()
	ctx := context.Background()
	st := open(t)
	names := addSeats(t, st, 1, start.Add(-30*24*time.Hour))
	if err := st.CreateCampaign(ctx, &paceline.Campaign{Name: "ai", Sequence: aiSequence(review), Accounts: names, State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	var recs []paceline.EnrollmentRecord
	for _, k := range leads {
		recs = append(recs, paceline.EnrollmentRecord{Lead: k, Account: names[0], LeadFacts: runtime.FactsOf(aiLeads[k]), Started: start})
	}
	if _, err := st.AddEnrollments(ctx, "ai", recs); err != nil {
		t.Fatal(err)
	}
	ai := st.(interface{ AIWriting() aiwrite.Store }).AIWriting()
	srv := aiwritetest.New(t, model)
	client, err := aiwrite.NewClient(aiwrite.ClientConfig{BaseURL: srv.BaseURL, Model: "fake"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if budget != nil {
		budget.Store = ai
	}
	v := &virtual{now: start}
	w := aiwrite.New(client, aiwrite.Config{Timeout: 300 * time.Millisecond, Banned: aiwrite.DefaultBanned(), Budget: budget, Cache: ai})
	w.NowFunc = func() time.Time { return v.now }
	rec := &recorder{Platform: sim.NewPlatform(sim.DefaultParams(), 1, st), sent: map[string][]engine.Text{}}
	logs := &logBuffer{}
	x := &runtime.AIText{Next: rec, Logger: slog.New(slog.NewTextHandler(logs, nil)), Writer: w, Store: ai, Campaigns: st, Accounts: st, NowFunc: func() time.Time { return v.now },
		LeadFunc: func(_ context.Context, key string) (*paceline.Lead, error) {
			if l := aiLeads[key]; l != nil {
				return l, nil
			}
			return nil, paceline.Errorf(paceline.ENOTFOUND, "no lead %s", key)
		}}
	return &aiRig{st: st, rec: rec, x: x, srv: srv, ai: ai, v: v, log: logs}
}

// run ticks the account through the next two days.
func (g *aiRig) run(t *testing.T) {
	t.Helper()
	r := &runtime.Runner{Store: g.st, Clock: g.v, Executor: g.x, Events: g.rec.Platform, Seed: 1}
	runtimetest.TickFor(t, r, "seat-0", &g.v.now, 48*time.Hour)
}

// An invite note step with ai: sends the model's note when it passes every guardrail,
// and the template, with a reason naming the step, when the answer is too long, uses
// a banned phrase, comes too late, is junk or an error. The provider is asked once per
// lead (twice when the first answer broke a guardrail), and a retry sends the same note
// without asking again.
func TestAITextWritesInviteNotes(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		g := newAIRig(t, open, false, nil, "ada", "bob", "cy", "dee", "eve", "fay")
		g.run(t)
		ctx := context.Background()
		want := map[string]string{
			"ada": "Hi Ada, good to see a CTO at Acme here. Glad to connect.",
			"bob": "Hi Bob, glad to connect.", "cy": "Hi Cy, glad to connect.", "dee": "Hi Dee, glad to connect.",
			"eve": "Hi Eve, glad to connect.", "fay": "Hi Fay, glad to connect.",
		}
		for lead, note := range want {
			if got := g.rec.notes(lead); len(got) != 1 || got[0] != note {
				t.Errorf("%s was sent %q, want [%q]", lead, got, note)
			}
		}
		_, acts, err := g.st.CampaignCounts(ctx, "ai")
		if err != nil || acts[paceline.KindInvite] != 6 {
			t.Fatalf("ledger invites %v, %v; want 6", acts, err)
		}
		causes := map[string]aiwrite.Cause{"bob": aiwrite.CauseGuardrail, "cy": aiwrite.CauseGuardrail, "dee": aiwrite.CauseTimeout,
			"eve": aiwrite.CauseJunk, "fay": aiwrite.CauseProvider}
		details := map[string]string{"bob": "the limit is 300", "cy": "banned phrase", "dee": "did not answer within 300ms",
			"eve": "junk", "fay": "HTTP 500"}
		for lead, cause := range causes {
			e, found, err := g.ai.Get(ctx, aiwrite.Key{Lead: lead, Campaign: "ai", Step: "connect"})
			if err != nil || !found || e.Fallback == nil || e.Fallback.Cause != cause {
				t.Errorf("%s: entry %+v, %v; want a %s fallback", lead, e, err, cause)
				continue
			}
			if !strings.HasPrefix(e.Fallback.Reason, "step connect: ") || !strings.Contains(e.Fallback.Reason, details[lead]) {
				t.Errorf("%s: reason %q should name step connect and say %q", lead, e.Fallback.Reason, details[lead])
			}
		}
		for _, line := range []string{"step connect: AI writing fell back to the template: the provider did not answer within 300ms",
			"step connect: AI writing fell back to the template: the provider answered junk"} {
			if !strings.Contains(g.log.String(), line) {
				t.Errorf("the log lacks %q:\n%s", line, g.log.String())
			}
		}
		calls := map[string]int{"Ada": 1, "Bob": 2, "Cy": 2, "Dee": 1, "Eve": 1, "Fay": 1}
		for who, n := range calls {
			if got := g.srv.Calls("first_name: " + who + "\n"); got != n {
				t.Errorf("the provider was asked %d times for %s, want %d", got, who, n)
			}
		}

		// A retry of Ada's invite (the executor asked again under the same key) is
		// answered from the cache: the same note, no new call.
		a, _, err := g.st.ActionByKey(ctx, "ai/ada/connect")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := g.x.ExecuteText(ctx, *a, engine.Text{Note: "Hi Ada, glad to connect."}); err != nil {
			t.Fatal(err)
		}
		if got := g.rec.notes("ada"); len(got) != 2 || got[1] != got[0] {
			t.Errorf("the retry sent %q, want the first note again", got)
		}
		if got := g.srv.Calls("first_name: Ada\n"); got != 1 {
			t.Errorf("the retry asked the provider again (%d calls)", got)
		}
	})
}
