package runtime

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/personalize"
	"github.com/paceline/paceline/personalize/aiwrite"
	"github.com/paceline/paceline/sequence"
)

// AIText is an Executor that has a language model write the text of the steps whose
// sequence gives them an ai: block, and passes every action on to Next, the accounts'
// real executors. The engine renders the step's template as always; AIText asks the
// Writer for the lead's text (once per lead, campaign and step: the Writer's Store
// keeps it, so a retry or a restart sends the same words) and sends it instead, or the
// template when the Writer falls back (provider error, timeout, junk, a broken
// guardrail, the day's budget spent), saying why once in the log.
//
// In review mode (ai: review: true) a text waits for a person. AIText is the engine's
// Gate: when the Pacer grants the step a slot, Ready has the text written and answers
// "not yet" while it waits, so the slot goes to the next lead, nothing is recorded,
// and the step asks again ReviewRetry later. Pending lists the texts for the tasks
// view; Approve (the text as it is, or edited and checked again) and Reject record the
// decision, and the step goes out in the next slot the Pacer grants after it: with the
// AI text, or with the template when rejected. Approving many texts at once thus never
// sends them at once.
//
// Without a Writer (no provider configured) every step sends its template and the log
// says so once per step.
type AIText struct {
	Next Executor
	// Writer writes the texts; nil when no provider is configured.
	Writer *aiwrite.Writer
	// Store is the Writer's cache: the held actions and the review list.
	Store aiwrite.Store
	// Campaigns gives a campaign's sequence; Accounts an account's note limit.
	Campaigns interface {
		Campaign(ctx context.Context, name string) (*paceline.Campaign, error)
	}
	Accounts interface {
		Account(ctx context.Context, name string) (*paceline.Account, error)
	}
	// LeadFunc returns a lead by its engine key, for the fields the model is given;
	// nil, or a lead it cannot find, sends the template.
	LeadFunc func(ctx context.Context, key string) (*paceline.Lead, error)
	// Rules judge edited texts when there is no Writer (AI writing switched off
	// since the texts were written): their Banned phrases and Allowed words.
	Rules   aiwrite.Config
	NowFunc func() time.Time
	Logger  *slog.Logger

	mu     sync.Mutex
	seqs   map[string]*sequence.Sequence // parsed sequences by campaign name
	said   map[string]bool               // notices already logged
	review *aiwrite.Writer               // approves and rejects when Writer is nil
}

// ReviewRetry is how long a step whose AI text waits for review stays out of the
// Pacer's queue before it asks again: a decision goes out within about this long, in
// the next slot after it.
const ReviewRetry = 5 * time.Minute

var (
	_ Executor            = (*AIText)(nil)
	_ engine.TextExecutor = (*AIText)(nil)
	_ engine.Gate         = (*AIText)(nil)
)

// held is what an entry keeps of an action waiting for a review: the action and the
// engine's text, whose note or body is the template.
type held struct {
	Action paceline.Action `json:"action"`
	Text   engine.Text     `json:"text"`
}

// Execute passes an action without words on.
func (x *AIText) Execute(ctx context.Context, a paceline.Action) (engine.Outcome, error) {
	return x.Next.Execute(ctx, a)
}

// Executed asks Next: a held action was not carried out, and is answered again from
// the cache if the runtime plans it anew.
func (x *AIText) Executed(ctx context.Context, key string) (engine.Outcome, bool, error) {
	return x.Next.Executed(ctx, key)
}

// Ready is the engine's Gate: it has the AI text of a review-mode step written (once)
// and keeps the step out of its slot while the text waits for a person. Every other
// action, and a text already decided, may go out. A Writer that fails keeps the step
// waiting ReviewRetry too: it tries again rather than sending what nobody reviewed.
func (x *AIText) Ready(ctx context.Context, a paceline.Action, t engine.Text) (bool, time.Time, error) {
	st, template := x.aiStep(ctx, a, t)
	if st == nil || !st.AI.Review || x.Writer == nil {
		return true, time.Time{}, nil
	}
	res, ok, err := x.write(ctx, a, t, st, template)
	if err != nil {
		x.logger().Warn("AI writing failed; the step waits and tries again", "campaign", a.Campaign, "step", st.ID, "lead", a.Lead, "err", err)
		return false, x.now().Add(ReviewRetry), nil
	}
	if ok && res.NeedsReview() {
		return false, x.now().Add(ReviewRetry), nil
	}
	return true, time.Time{}, nil
}

// ExecuteText sends the AI text of an ai: step instead of its template, or the
// template when the model's text cannot be used or a reviewer rejected it.
func (x *AIText) ExecuteText(ctx context.Context, a paceline.Action, t engine.Text) (engine.Outcome, error) {
	st, template := x.aiStep(ctx, a, t)
	if st == nil {
		return x.pass(ctx, a, t)
	}
	res, ok, err := x.write(ctx, a, t, st, template)
	if err != nil {
		// Nothing is sent: the engine records a failed attempt and tries again later.
		return engine.Outcome{}, fmt.Errorf("campaign %s: %w", a.Campaign, err)
	}
	if !ok {
		return x.pass(ctx, a, t)
	}
	if res.NeedsReview() {
		// The engine asks Ready first, so only an engine without the Gate gets here.
		return engine.Outcome{}, paceline.Errorf(paceline.ECONFLICT, "step %s: the AI text for lead %s waits for review", st.ID, a.Lead)
	}
	out, err := x.pass(ctx, a, withText(a, t, res.Text))
	if err == nil && res.Cached && (res.Status == aiwrite.StatusApproved || res.Fallback != nil && res.Fallback.Cause == aiwrite.CauseRejected) {
		// A reviewed text went out: it leaves the tasks view.
		err = x.Store.MarkSent(ctx, aiwrite.Key{Lead: a.Lead, Campaign: a.Campaign, Step: st.ID}, x.now())
	}
	return out, err
}

// write asks the Writer for the text of an ai: step. ok is false when the template
// goes out as it is: no provider configured, or the lead cannot be read (both said
// once in the log).
func (x *AIText) write(ctx context.Context, a paceline.Action, t engine.Text, st *sequence.Step, template string) (res aiwrite.Result, ok bool, err error) {
	if x.Writer == nil {
		x.once(a.Campaign+"/"+st.ID, "AI writing is not configured, so the template is sent",
			"campaign", a.Campaign, "step", st.ID, "hint", "set --ai-base-url and --ai-model (see docs/personalisation.md)")
		return aiwrite.Result{}, false, nil
	}
	payload, err := json.Marshal(held{Action: a, Text: t})
	if err != nil {
		return aiwrite.Result{}, false, fmt.Errorf("step %s: keep the action: %w", st.ID, err)
	}
	req, err := x.request(ctx, a, st, template)
	if err != nil {
		x.once(a.Campaign+"/"+st.ID+"/lead", "AI writing cannot read the lead, so the template is sent",
			"campaign", a.Campaign, "step", st.ID, "lead", a.Lead, "err", err)
		return aiwrite.Result{}, false, nil
	}
	req.Payload = string(payload)
	res, err = x.Writer.Write(ctx, req)
	if err != nil {
		return aiwrite.Result{}, false, err
	}
	if res.Fallback != nil && !res.Cached {
		x.logger().Warn(res.Fallback.Reason, "campaign", a.Campaign, "lead", a.Lead, "cause", res.Fallback.Cause)
	}
	return res, true, nil
}

// pass hands the action and its words to Next.
func (x *AIText) pass(ctx context.Context, a paceline.Action, t engine.Text) (engine.Outcome, error) {
	if te, ok := x.Next.(engine.TextExecutor); ok {
		return te.ExecuteText(ctx, a, t)
	}
	return x.Next.Execute(ctx, a)
}

// withText puts text where the action's words go: an invite's note, else the body.
func withText(a paceline.Action, t engine.Text, text string) engine.Text {
	if a.Kind == paceline.KindInvite {
		t.Note = text
	} else {
		t.Body = text
	}
	return t
}

// aiStep returns the step of the action when it has an ai: block and a template to
// fall back on, with that template; nil otherwise.
func (x *AIText) aiStep(ctx context.Context, a paceline.Action, t engine.Text) (*sequence.Step, string) {
	if a.Campaign == "" || a.Step == "" || sequence.Goal(a.Kind) == "" {
		return nil, ""
	}
	template := t.For(a.Kind) // "" for a plain invite: no note to write
	if template == "" {
		return nil, ""
	}
	seq, err := x.sequence(ctx, a.Campaign)
	if err != nil {
		x.once(a.Campaign, "AI writing cannot read the campaign, so its templates are sent", "campaign", a.Campaign, "err", err)
		return nil, ""
	}
	i := seq.Index(a.Step)
	if i < 0 || seq.Steps[i].AI == nil || seq.Steps[i].Kind != a.Kind {
		return nil, ""
	}
	return &seq.Steps[i], template
}

// sequence returns a campaign's parsed sequence, parsed once per process: what is
// read of it here (a step's ai: block, by step id and kind) does not change while the
// campaign runs, since campaigns edit takes only new texts then (sequence.TextsOnly)
// and the template to fall back on comes with each action's text.
func (x *AIText) sequence(ctx context.Context, campaign string) (*sequence.Sequence, error) {
	x.mu.Lock()
	seq := x.seqs[campaign]
	x.mu.Unlock()
	if seq != nil {
		return seq, nil
	}
	c, err := x.Campaigns.Campaign(ctx, campaign)
	if err != nil {
		return nil, err
	}
	seq, err = sequence.Parse([]byte(c.Sequence))
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.seqs == nil {
		x.seqs = map[string]*sequence.Sequence{}
	}
	x.seqs[campaign] = seq
	return seq, nil
}

// request builds the Writer's request for the action's lead at the step: the fields
// the step lists, its prompt and review mode, the limit (the account's note limit for
// an invite), and the template as the fallback, refused when it is over that limit.
func (x *AIText) request(ctx context.Context, a paceline.Action, st *sequence.Step, template string) (aiwrite.Request, error) {
	if x.LeadFunc == nil {
		return aiwrite.Request{}, paceline.Errorf(paceline.EUNAVAILABLE, "this process has no lead store")
	}
	l, err := x.LeadFunc(ctx, a.Lead)
	if err != nil {
		return aiwrite.Request{}, err
	}
	noteLimit := 0
	if a.Kind == paceline.KindInvite && x.Accounts != nil {
		acct, err := x.Accounts.Account(ctx, a.Account)
		if err != nil {
			return aiwrite.Request{}, err
		}
		cfg, err := limits.ConfigFor(acct)
		if err != nil {
			return aiwrite.Request{}, err
		}
		noteLimit = cfg.NoteMaxChars
	}
	limit := st.AIMaxChars(noteLimit)
	return aiwrite.Request{
		LeadKey: a.Lead, Campaign: a.Campaign, StepID: st.ID, Kind: a.Kind,
		Fields: AIFields(l, st.AI.Fields), Prompt: st.AI.Prompt, MaxChars: limit, Review: st.AI.Review,
		TemplateFunc: func() (string, error) {
			if n := personalize.RuneCount(template); a.Kind == paceline.KindInvite && n > limit {
				return "", &sequence.NoteTooLongError{Step: st.ID, Chars: n, Max: limit}
			}
			return template, nil
		},
	}, nil
}

// AIFields returns the lead's values of the named fields (sequence.AIFields, or
// custom.NAME), leaving out the blank ones.
func AIFields(l *paceline.Lead, names []string) map[string]string {
	all := engine.LeadData(l).Fields
	out := make(map[string]string, len(names))
	for _, n := range names {
		v := all[n]
		if c, ok := strings.CutPrefix(n, "custom."); ok {
			v = l.Custom[c]
		}
		if v != "" {
			out[n] = v
		}
	}
	return out
}

// once logs a warning the first time key is seen.
func (x *AIText) once(key, msg string, args ...any) {
	x.mu.Lock()
	if x.said == nil {
		x.said = map[string]bool{}
	}
	seen := x.said[key]
	x.said[key] = true
	x.mu.Unlock()
	if !seen {
		x.logger().Warn(msg, args...)
	}
}

func (x *AIText) logger() *slog.Logger {
	if x.Logger == nil {
		return slog.Default()
	}
	return x.Logger
}

func (x *AIText) now() time.Time {
	if x.NowFunc == nil {
		return time.Now()
	}
	return x.NowFunc()
}
