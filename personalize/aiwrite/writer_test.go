package aiwrite

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize"
)

var zoe = map[string]string{"first_name": "Zoë", "company": "Müller & Söhne", "topic": "supply chains", "sender_first_name": "Ana"}

const goodNote = "Hi Zoë, your notes on supply chains at Müller & Söhne were sharp. Would be glad to connect. Ana"

// request asks for a note for lead at step connect, with a template fallback that
// renders from fields.
func request(t *testing.T, lead string, fields map[string]string) Request {
	t.Helper()
	tmpl, err := personalize.Parse(`Hi {{first_name}}, would be glad to connect.`)
	if err != nil {
		t.Fatal(err)
	}
	return Request{
		LeadKey: lead, StepID: "connect", Kind: paceline.KindInvite, Fields: fields,
		Prompt: "Mention their topic; no pitch.", MaxChars: 200,
		TemplateFunc: func() (string, error) {
			return personalize.Render(tmpl, personalize.Data{Fields: fields}, personalize.Seed(lead, "connect"))
		},
	}
}

func TestWriteUsesGoodText(t *testing.T) {
	t.Parallel()
	f := newFake(t, answer{content: `"` + goodNote + `"`, tokens: [2]int{120, 30}})
	w := New(f.client(), Config{})
	r, err := w.Write(context.Background(), request(t, "zoe", zoe))
	if err != nil {
		t.Fatal(err)
	}
	want := Result{Text: goodNote, Source: SourceAI, Status: StatusReady, Calls: 1}
	if r != want {
		t.Errorf("Write = %+v, want %+v", r, want)
	}
	if got := f.headers[0].Get("Authorization"); got != "Bearer "+testKey {
		t.Errorf("Authorization = %q", got)
	}
	req := f.reqs[0]
	if req.Model != "test-model" || req.MaxTokens != DefaultMaxTokens || len(req.Messages) != 2 {
		t.Fatalf("request = %+v", req)
	}
	system, user := req.Messages[0].Content, req.Messages[1].Content
	for _, want := range []string{"connection request note", "At most 200 characters", "Use ONLY the facts"} {
		if !strings.Contains(system, want) {
			t.Errorf("system prompt lacks %q:\n%s", want, system)
		}
	}
	for _, want := range []string{"first_name: Zoë\n", "company: Müller & Söhne\n", "Mention their topic; no pitch."} {
		if !strings.Contains(user, want) {
			t.Errorf("user message lacks %q:\n%s", want, user)
		}
	}
}

func TestWriteAsksOncePerLeadAndStep(t *testing.T) {
	t.Parallel()
	f := newFake(t, answer{content: goodNote})
	w := New(f.client(), Config{})
	ctx := context.Background()
	first, err := w.Write(ctx, request(t, "zoe", zoe))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			again, err := w.Write(ctx, request(t, "zoe", zoe))
			if err != nil || again.Text != first.Text || !again.Cached || again.Calls != 0 {
				t.Errorf("retry = %+v, %v; want the cached %q", again, err, first.Text)
			}
		})
	}
	wg.Wait()
	other := request(t, "zoe", zoe)
	other.StepID = "hello"
	if _, err := w.Write(ctx, other); err != nil {
		t.Fatal(err)
	}
	if got := f.Calls(); got != 2 {
		t.Errorf("provider called %d times for two lead+step pairs", got)
	}
}

func TestWriteConcurrentFirstWritesShareOneCall(t *testing.T) {
	t.Parallel()
	f := newFake(t, answer{content: goodNote, delay: 20 * time.Millisecond})
	w := New(f.client(), Config{})
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			if _, err := w.Write(context.Background(), request(t, "zoe", zoe)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := f.Calls(); got != 1 {
		t.Errorf("six concurrent first Writes made %d calls", got)
	}
}

func TestWriteFallsBackToTemplate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		script []answer
		cause  Cause
		reason string // part of the reason
		calls  int
	}{
		{"timeout", []answer{{content: goodNote, delay: 5 * time.Second}}, CauseTimeout, "did not answer within 200ms", 1},
		{"server error", []answer{{status: 500, raw: `{"error":{"message":"overloaded"}}`}}, CauseProvider, "HTTP 500 Internal Server Error: {\"error\":{\"message\":\"overloaded\"}}", 1},
		{"rate limited", []answer{{status: 429, raw: `{"error":"slow down"}`}}, CauseProvider, "rate limiting (HTTP 429)", 1},
		{"not JSON", []answer{{raw: `<html>gateway</html>`}}, CauseJunk, "not the expected JSON", 1},
		{"no choices", []answer{{raw: `{"choices":[]}`}}, CauseJunk, "no choices", 1},
		{"content of the wrong type", []answer{{raw: `{"choices":[{"message":{"content":42}}]}`}}, CauseJunk, "not the expected JSON", 1},
		{"choices of the wrong type", []answer{{raw: `{"choices":"many"}`}}, CauseJunk, "not the expected JSON", 1},
		{"null content", []answer{{raw: `{"choices":[{"message":{"content":null}}]}`}}, CauseJunk, "no message content", 1},
		{"empty text", []answer{{content: "  "}}, CauseJunk, "empty text", 1},
		{"over-long twice", []answer{{content: strings.Repeat("Zoë ", 60)}}, CauseGuardrail, "it has 239 characters; the limit is 200", 2},
		{"cut off twice", []answer{{content: "Hi Zoë, your", finish: "length"}}, CauseGuardrail, "cut off at the 300-token limit", 2},
		{"banned twice", []answer{{content: "Hi Zoë, let's Touch  Base about supply chains."}}, CauseGuardrail, `banned phrase "touch base"`, 2},
		{"template syntax twice", []answer{{content: "Hi {{first_name}}, glad to connect."}}, CauseGuardrail, `unfilled placeholder "{{first_name}}"`, 2},
		{"chatter twice", []answer{{content: "Hi Zoë, glad to connect.\n\nNote: I kept it short."}}, CauseGuardrail, `talks about the text ("Note: I kept it short.")`, 2},
		{"NUL twice", []answer{{content: "Hi\x00 Zoë, glad to connect."}}, CauseGuardrail, "control character U+0000", 2},
		{"inventive twice", []answer{{content: "Hi Zoë, congrats on Acme raising 5 million for Müller & Söhne."}}, CauseGuardrail, `states "Acme", "5", found in none of the fields`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, tt.script...)
			timeout := 10 * time.Second // generous: the machine may be busy
			if tt.cause == CauseTimeout {
				timeout = 200 * time.Millisecond
			}
			w := New(f.client(), Config{Timeout: timeout, Banned: DefaultBanned()})
			r, err := w.Write(context.Background(), request(t, "zoe", zoe))
			if err != nil {
				t.Fatal(err)
			}
			if r.Source != SourceTemplate || r.Text != "Hi Zoë, would be glad to connect." || r.Status != StatusReady || r.Calls != tt.calls {
				t.Errorf("Write = %+v, want the template after %d calls", r, tt.calls)
			}
			if r.Fallback == nil || r.Fallback.Cause != tt.cause || !strings.HasPrefix(r.Fallback.Reason, "step connect: ") || !strings.Contains(r.Fallback.Reason, tt.reason) {
				t.Errorf("Fallback = %+v, want cause %s naming the step and saying %q", r.Fallback, tt.cause, tt.reason)
			}
			if f.Calls() != tt.calls {
				t.Errorf("provider called %d times, want %d", f.Calls(), tt.calls)
			}
			// The outcome is final: a retry re-renders the template and asks nobody.
			again, err := w.Write(context.Background(), request(t, "zoe", zoe))
			if err != nil || again.Text != r.Text || again.Fallback == nil || again.Fallback.Reason != r.Fallback.Reason || f.Calls() != tt.calls {
				t.Errorf("retry = %+v, %v after %d calls", again, err, f.Calls())
			}
		})
	}
}

func TestWriteAsksOnceMoreWithTheReason(t *testing.T) {
	t.Parallel()
	f := newFake(t, answer{content: "Hi Zoë, I loved your talk at Davos on supply chains."}, answer{content: goodNote})
	w := New(f.client(), Config{})
	r, err := w.Write(context.Background(), request(t, "zoe", zoe))
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != SourceAI || r.Text != goodNote || r.Calls != 2 {
		t.Errorf("Write = %+v, want the second answer", r)
	}
	second := f.reqs[1].Messages
	if len(second) != 4 || second[2].Role != "assistant" || !strings.Contains(second[3].Content, `states "Davos"`) {
		t.Errorf("the second request does not carry the first answer and the reason: %+v", second)
	}
}

func TestWriteBudget(t *testing.T) {
	t.Parallel()
	f := newFake(t, answer{content: goodNote, tokens: [2]int{300, 40}})
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	budget := &Budget{TokensPerDay: 2000}
	w := New(f.client(), Config{MaxTokens: 100, Budget: budget})
	w.NowFunc = func() time.Time { return now }
	ai, fellBack := 0, 0
	for i := range 20 {
		r, err := w.Write(context.Background(), request(t, fmt.Sprint("lead", i), zoe))
		if err != nil {
			t.Fatal(err)
		}
		if r.Source == SourceAI {
			ai++
			continue
		}
		fellBack++
		if r.Fallback.Cause != CauseBudget || !strings.Contains(r.Fallback.Reason, "step connect: AI writing fell back to the template: today's AI budget of 2000 tokens is spent") {
			t.Errorf("lead%d: Fallback = %+v", i, r.Fallback)
		}
	}
	if spent, _ := budget.Spent(now); spent > 2000 || ai != f.Calls() || ai == 0 || fellBack == 0 {
		t.Errorf("spent %d tokens of 2000 on %d AI texts (%d calls), %d fallbacks", spent, ai, f.Calls(), fellBack)
	}
	// The next day the budget is back.
	now = now.Add(24 * time.Hour)
	r, err := w.Write(context.Background(), request(t, "tomorrow", zoe))
	if err != nil || r.Source != SourceAI {
		t.Errorf("next day: %+v, %v", r, err)
	}
}

func TestBudgetCost(t *testing.T) {
	t.Parallel()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	// In memory, and kept in a store: the same answers.
	for _, store := range []SpendStore{nil, NewMemoryCache()} {
		b := &Budget{CostPerDay: 0.01, PromptPrice: 5, CompletionPrice: 15, Location: paris, Store: store}
		checkBudgetDays(t, b)
	}
}

func checkBudgetDays(t *testing.T, b *Budget) {
	t.Helper()
	ctx := context.Background()
	// 23:30 UTC on 1 March is already 2 March in Paris.
	late := time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		at                 time.Time
		prompt, completion int
		allowed            bool
	}{
		{late, 1000, 300, true},                     // 0.0095
		{late, 100, 10, false},                      // would be 0.01065
		{late.Add(-time.Hour), 100, 10, true},       // 22:30 UTC is still 1 March in Paris
		{late.Add(25 * time.Hour), 1000, 300, true}, // 3 March in Paris
	}
	for i, tt := range tests {
		ok, why, err := b.allow(ctx, tt.at, tt.prompt, tt.completion)
		if err != nil {
			t.Fatal(err)
		}
		if ok != tt.allowed {
			t.Errorf("%d: allow = %v (%s), want %v", i, ok, why, tt.allowed)
		}
		if ok {
			if _, err := b.spend(ctx, tt.at, tt.prompt, tt.completion); err != nil {
				t.Fatal(err)
			}
		} else if !strings.Contains(why, "budget of 0.01 is spent") {
			t.Errorf("%d: reason %q", i, why)
		}
	}
}

func TestWriteReviewMode(t *testing.T) {
	t.Parallel()
	f := newFake(t, answer{content: goodNote})
	cache := NewMemoryCache()
	w := New(f.client(), Config{Review: true, Cache: cache})
	ctx := context.Background()
	r, err := w.Write(ctx, request(t, "zoe", zoe))
	if pending := cache.Pending(); len(pending) != 1 || pending[0].LeadKey != "zoe" || pending[0].Text != goodNote {
		t.Errorf("Pending() = %+v, want zoe's note", pending)
	}
	if err != nil || !r.NeedsReview() || r.Status.Sendable() || r.Text != goodNote {
		t.Fatalf("Write in review mode = %+v, %v; want held text", r, err)
	}
	if again, _ := w.Write(ctx, request(t, "zoe", zoe)); !again.NeedsReview() {
		t.Errorf("a retry before approval = %+v, want still held", again)
	}
	if _, err := w.Approve(ctx, Key{Lead: "zoe", Step: "connect"}); err != nil {
		t.Fatal(err)
	}
	if pending := cache.Pending(); len(pending) != 0 {
		t.Errorf("Pending() after approval = %+v", pending)
	}
	r, err = w.Write(ctx, request(t, "zoe", zoe))
	if err != nil || r.Status != StatusApproved || !r.Status.Sendable() || r.Text != goodNote {
		t.Errorf("after approval = %+v, %v", r, err)
	}

	if _, err := w.Write(ctx, request(t, "li", zoe)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Reject(ctx, Key{Lead: "li", Step: "connect"}); err != nil {
		t.Fatal(err)
	}
	r, err = w.Write(ctx, request(t, "li", zoe))
	if err != nil || r.Source != SourceTemplate || !r.Status.Sendable() || r.Fallback == nil || r.Fallback.Cause != CauseRejected || !strings.Contains(r.Fallback.Reason, "step connect") {
		t.Errorf("after rejection = %+v, %v; want the template", r, err)
	}
	if f.Calls() != 2 {
		t.Errorf("provider called %d times for two leads", f.Calls())
	}
	for _, tt := range []struct {
		lead, code string
	}{{"zoe", paceline.ECONFLICT}, {"li", paceline.ECONFLICT}, {"nobody", paceline.ENOTFOUND}} {
		if _, err := w.Approve(ctx, Key{Lead: tt.lead, Step: "connect"}); paceline.ErrorCode(err) != tt.code {
			t.Errorf("Approve(%s) = %v, want %s", tt.lead, err, tt.code)
		}
	}
}

func TestWriteTemplateFailsToo(t *testing.T) {
	t.Parallel()
	f := newFake(t, answer{status: 503, raw: "down"})
	w := New(f.client(), Config{})
	_, err := w.Write(context.Background(), request(t, "nameless", map[string]string{"company": "Acme"}))
	var missing *personalize.MissingFieldError
	if !errors.As(err, &missing) || missing.Field != "first_name" || !strings.Contains(err.Error(), "step connect: the template cannot be used either, so nothing is sent") || !strings.Contains(err.Error(), "HTTP 503") {
		t.Errorf("Write = %v; want the provider's failure and the template's, naming the step", err)
	}
}

func TestWriteStopsWithItsContext(t *testing.T) {
	t.Parallel()
	f := newFake(t, answer{content: goodNote, delay: time.Second})
	cache := NewMemoryCache()
	w := New(f.client(), Config{Cache: cache})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	_, err := w.Write(ctx, request(t, "zoe", zoe))
	if !errors.Is(err, context.Canceled) || cache.Len() != 0 {
		t.Errorf("Write = %v with %d cached; want context.Canceled and nothing cached", err, cache.Len())
	}
}

func TestWriteRejectsBadRequests(t *testing.T) {
	t.Parallel()
	w := New(nil, Config{})
	good := request(t, "zoe", zoe)
	tests := []func(r *Request){
		func(r *Request) { r.LeadKey = "" },
		func(r *Request) { r.StepID = " " },
		func(r *Request) { r.MaxChars = 0 },
		func(r *Request) { r.TemplateFunc = nil },
	}
	for i, mutate := range tests {
		req := good
		mutate(&req)
		if _, err := w.Write(context.Background(), req); paceline.ErrorCode(err) != paceline.EINVALID {
			t.Errorf("%d: Write = %v, want EINVALID", i, err)
		}
	}
}

// A budget smaller than one call says so and what to set, and is not kept as the
// lead's outcome: once the budget is raised, the same lead gets AI text.
func TestWriteBudgetSmallerThanOneCall(t *testing.T) {
	t.Parallel()
	f := newFake(t, answer{content: goodNote, tokens: [2]int{300, 40}})
	budget := &Budget{TokensPerDay: 10}
	w := New(f.client(), Config{MaxTokens: 100, Budget: budget})
	r, err := w.Write(context.Background(), request(t, "zoe", zoe))
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != SourceTemplate || r.Fallback == nil || r.Fallback.Cause != CauseBudget ||
		!strings.Contains(r.Fallback.Reason, "the daily AI budget of 10 tokens is smaller than one call needs") ||
		!strings.Contains(r.Fallback.Reason, "set a daily token budget of at least") || strings.Contains(r.Fallback.Reason, "is spent") {
		t.Errorf("Write = %+v, want the template saying the budget is smaller than one call", r)
	}
	if f.Calls() != 0 {
		t.Fatalf("provider called %d times under a 10-token budget", f.Calls())
	}
	budget.mu.Lock()
	budget.TokensPerDay = 5000
	budget.mu.Unlock()
	r, err = w.Write(context.Background(), request(t, "zoe", zoe))
	if err != nil || r.Source != SourceAI || r.Text != goodNote {
		t.Errorf("after raising the budget: %+v, %v; want the AI text", r, err)
	}

	cost := &Budget{CostPerDay: 0.0001, PromptPrice: 5, CompletionPrice: 15}
	ok, why, err := cost.allow(context.Background(), time.Now(), 300, 100)
	if ok || err != nil || !strings.Contains(why, "smaller than one call may cost") || !strings.Contains(why, "at least 0.0030") {
		t.Errorf("cost budget below one call: %v, %q, %v", ok, why, err)
	}
}
