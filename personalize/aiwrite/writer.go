package aiwrite

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/paceline/paceline"
)

// Config sets the guardrails and limits of a Writer.
type Config struct {
	// Timeout bounds each provider call; 0 means DefaultTimeout.
	Timeout time.Duration
	// MaxTokens caps each completion; 0 means DefaultMaxTokens. A note of 300
	// characters is under 100 tokens in most languages.
	MaxTokens int
	// Banned phrases are refused (see Guard); DefaultBanned is a good start.
	Banned []string
	// Allowed words are never taken for invented facts (see Guard).
	Allowed []string
	// Review holds every AI text with StatusNeedsReview until Approve; a Request may
	// ask for review on its own.
	Review bool
	// Budget caps the daily spend; nil means no cap.
	Budget *Budget
	// Cache keeps one outcome per lead and step; nil means a new MemoryCache.
	Cache Cache
}

// Defaults for Config.
const (
	DefaultTimeout   = 20 * time.Second
	DefaultMaxTokens = 300
)

// Writer writes texts with a Provider under guardrails, falling back to templates.
type Writer struct {
	// NowFunc is the clock of the budget and of entries; New sets time.Now.
	NowFunc func() time.Time

	provider Provider
	cfg      Config
	locks    keyLocks
}

// New returns a Writer over p.
func New(p Provider, cfg Config) *Writer {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxTokens <= 0 {
		cfg.MaxTokens = DefaultMaxTokens
	}
	if cfg.Cache == nil {
		cfg.Cache = NewMemoryCache()
	}
	return &Writer{NowFunc: time.Now, provider: p, cfg: cfg}
}

// Request asks for the text of one lead at one step.
type Request struct {
	LeadKey string
	// Campaign names the campaign of the step; "" when there is none (a preview).
	Campaign string
	StepID   string
	Kind     paceline.ActionKind // invite for a note; message, inmail, ... for a body
	// Fields are the lead's profile fields the model may use, and the only ones: the
	// prompt says so and the invented-facts check holds the model to it.
	Fields map[string]string
	// Prompt is the user's instruction ("mention their post; no pitch").
	Prompt string
	// MaxChars is the hard limit in characters: the account's note limit for an
	// invite, the platform's or the user's limit for a message.
	MaxChars int
	// TemplateFunc renders the step's template for the lead (for example
	// sequence.RenderNote): the text used whenever AI text is not.
	TemplateFunc func() (string, error)
	// Payload is kept with a new entry (see Entry.Payload).
	Payload string
	// Review holds this request's AI text for approval, as Config.Review does for
	// every request (a sequence step's ai: review: true).
	Review bool
}

// Key returns the cache key of the request.
func (req Request) Key() Key { return Key{Lead: req.LeadKey, Campaign: req.Campaign, Step: req.StepID} }

// Result is the text to use for a lead at a step and how it came about.
type Result struct {
	Text   string `json:"text"`
	Source Source `json:"source"`
	// Status says whether Text may be sent now; AI texts in review mode wait.
	Status Status `json:"status"`
	// Fallback says why the template is used, when it is.
	Fallback *Fallback `json:"fallback,omitempty"`
	// Calls is the number of provider calls this Write made (0 when cached).
	Calls int `json:"calls"`
	// Cached is set when the outcome came from an earlier Write.
	Cached bool `json:"cached"`
}

// NeedsReview reports whether the text is held for a person to approve.
func (r Result) NeedsReview() bool { return r.Status == StatusNeedsReview }

// Write returns the text for the request's lead and step. The first Write of a lead and
// step asks the provider (at most twice: once more when the first answer breaks a
// guardrail) and caches the outcome, whatever it is, except a daily budget smaller
// than one call; later Writes return the cached text or re-render the template, and
// never call the provider again.
//
// The template is used, with a Fallback naming the step and the reason, when the
// budget is spent, the provider fails, times out or answers junk, the text breaks a
// guardrail twice, or a reviewer rejected it. Write returns an error only when there is
// nothing to send: the request is malformed, the template fails where it is needed
// (the error names the step and wraps the template's error), the cache fails, or ctx
// itself is done.
func (w *Writer) Write(ctx context.Context, req Request) (Result, error) {
	if err := req.check(); err != nil {
		return Result{}, err
	}
	unlock := w.locks.lock(req.Key())
	defer unlock()
	e, found, err := w.cfg.Cache.Get(ctx, req.Key())
	if err != nil {
		return Result{}, fmt.Errorf("step %s: read the AI text cache: %w", req.StepID, err)
	}
	if found {
		r, err := resolve(e, req)
		r.Cached = true
		return r, err
	}
	e, calls, err := w.generate(ctx, req)
	if err != nil {
		return Result{}, err
	}
	if calls == 0 && e.Fallback != nil && e.Fallback.Cause == CauseBudget &&
		w.cfg.Budget.tooSmall(estimateTokens(messages(req)), w.cfg.MaxTokens) {
		// A budget smaller than one call is a setting to fix, not this lead's outcome:
		// nothing was asked nor spent, and once the budget is raised a later Write
		// gets AI text, so the outcome is not kept.
		return resolve(e, req)
	}
	if err := w.cfg.Cache.Put(ctx, e); err != nil {
		return Result{}, fmt.Errorf("step %s: store the AI text: %w", req.StepID, err)
	}
	r, err := resolve(e, req)
	r.Calls = calls
	return r, err
}

func (req Request) check() error {
	switch {
	case strings.TrimSpace(req.LeadKey) == "" || strings.TrimSpace(req.StepID) == "":
		return paceline.Errorf(paceline.EINVALID, "an AI writing request needs the lead and the step")
	case req.MaxChars <= 0:
		return paceline.Errorf(paceline.EINVALID, "step %s: an AI writing request needs a character limit", req.StepID)
	case req.TemplateFunc == nil:
		return paceline.Errorf(paceline.EINVALID, "step %s: an AI writing request needs the step's template to fall back on", req.StepID)
	}
	return nil
}

// generate asks the provider and checks the answer, returning the entry to cache and
// the number of calls made. Its only errors are ctx being done and the budget's store
// failing: every other failure is an entry with a Fallback.
func (w *Writer) generate(ctx context.Context, req Request) (Entry, int, error) {
	e := Entry{LeadKey: req.LeadKey, Campaign: req.Campaign, StepID: req.StepID, CreatedAt: w.NowFunc(), Payload: req.Payload}
	fallback := func(c Cause, format string, args ...any) Entry {
		e.Status = StatusReady
		e.Fallback = &Fallback{Cause: c, Reason: fmt.Sprintf("step %s: AI writing fell back to the template: ", req.StepID) + fmt.Sprintf(format, args...)}
		return e
	}
	guard := w.guard(req)
	msgs := messages(req)
	calls := 0
	var last []Violation
	for attempt := 0; attempt < 2; attempt++ {
		ok, why, err := w.cfg.Budget.allow(ctx, w.NowFunc(), estimateTokens(msgs), w.cfg.MaxTokens)
		if err != nil {
			return Entry{}, calls, fmt.Errorf("step %s: %w", req.StepID, err)
		}
		if !ok {
			if last != nil {
				why = fmt.Sprintf("the text broke a guardrail (%s) and %s", joinViolations(last), why)
			}
			return fallback(CauseBudget, "%s", why), calls, nil
		}
		calls++
		c, err := w.call(ctx, msgs)
		if err != nil {
			if ctx.Err() != nil {
				return Entry{}, calls, fmt.Errorf("step %s: AI writing stopped: %w", req.StepID, ctx.Err())
			}
			var pe *ProviderError
			switch {
			case isTimeout(err):
				return fallback(CauseTimeout, "the provider did not answer within %s", w.cfg.Timeout), calls, nil
			case errors.As(err, &pe) && pe.Junk:
				return fallback(CauseJunk, "%v", err), calls, nil
			default:
				return fallback(CauseProvider, "%v", err), calls, nil
			}
		}
		cost, err := w.cfg.Budget.spend(ctx, w.NowFunc(), c.PromptTokens, c.CompletionTokens)
		if err != nil {
			return Entry{}, calls, fmt.Errorf("step %s: %w", req.StepID, err)
		}
		e.Tokens += c.PromptTokens + c.CompletionTokens
		e.Cost += cost
		text := clean(c.Text)
		if text == "" {
			return fallback(CauseJunk, "the provider answered an empty text"), calls, nil
		}
		last = guard.Check(text)
		if c.Truncated {
			last = append(last, Violation{RuleLength, fmt.Sprintf("it was cut off at the %d-token limit", w.cfg.MaxTokens)})
		}
		if len(last) == 0 {
			e.Text, e.Status = text, StatusReady
			if w.cfg.Review || req.Review {
				e.Status = StatusNeedsReview
			}
			return e, calls, nil
		}
		msgs = retry(msgs, text, last, req.MaxChars)
	}
	return fallback(CauseGuardrail, "the text broke a guardrail twice (%s)", joinViolations(last)), calls, nil
}

// call makes one provider call under the configured timeout.
func (w *Writer) call(ctx context.Context, msgs []Message) (Completion, error) {
	ctx, cancel := context.WithTimeout(ctx, w.cfg.Timeout)
	defer cancel()
	return w.provider.Complete(ctx, msgs, w.cfg.MaxTokens)
}

// resolve turns a cached entry into the text to use, rendering the template when the
// entry holds no usable AI text.
func resolve(e Entry, req Request) (Result, error) {
	if e.Text != "" && e.Status != StatusRejected {
		return Result{Text: e.Text, Source: SourceAI, Status: e.Status}, nil
	}
	r := Result{Source: SourceTemplate, Status: StatusReady, Fallback: e.Fallback}
	if e.Status == StatusRejected && r.Fallback == nil {
		r.Fallback = &Fallback{Cause: CauseRejected, Reason: fmt.Sprintf("step %s: a reviewer rejected the AI text; the template is used", req.StepID)}
	}
	text, err := req.TemplateFunc()
	if err != nil {
		reason := ""
		if r.Fallback != nil {
			reason = r.Fallback.Reason + "; "
		}
		return r, fmt.Errorf("%sstep %s: the template cannot be used either, so nothing is sent: %w", reason, req.StepID, err)
	}
	r.Text = text
	return r, nil
}

// guard is the Guard of one request: its limit, the banned phrases, and its fields
// and prompt as the only sources of facts.
func (w *Writer) guard(req Request) Guard {
	return Guard{MaxChars: req.MaxChars, Banned: w.cfg.Banned, Allowed: w.cfg.Allowed, Sources: append(fieldValues(req.Fields), req.Prompt)}
}

func fieldValues(fields map[string]string) []string {
	out := make([]string, 0, len(fields))
	for _, v := range fields {
		out = append(out, v)
	}
	return out
}

func joinViolations(vs []Violation) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = v.Detail
	}
	return strings.Join(s, "; ")
}

// keyLocks serialises Writes of one lead and step, so that two workers rendering the
// same action cannot both ask the provider.
type keyLocks struct {
	mu sync.Mutex
	m  map[Key]*keyLock
}

type keyLock struct {
	sync.Mutex
	users int
}

func (k *keyLocks) lock(key Key) (unlock func()) {
	k.mu.Lock()
	if k.m == nil {
		k.m = map[Key]*keyLock{}
	}
	l := k.m[key]
	if l == nil {
		l = &keyLock{}
		k.m[key] = l
	}
	l.users++
	k.mu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		k.mu.Lock()
		if l.users--; l.users == 0 {
			delete(k.m, key)
		}
		k.mu.Unlock()
	}
}

// Provider returns the provider the Writer asks.
func (w *Writer) Provider() Provider { return w.provider }
