package api

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/personalize"
	"github.com/paceline/paceline/personalize/aiwrite"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/sequence"
)

// RenderedStep is one step's texts rendered for a lead (one per variant for a step in
// an A/B test), or why they cannot be sent.
type RenderedStep struct {
	Step string `json:"step"`
	Kind string `json:"kind"`
	// Variant labels the variant of a step with several; VariantNote says that the
	// lead gets one of them, which the campaign's test picks when the step is first due.
	Variant     string `json:"variant,omitempty"`
	VariantNote string `json:"variant_note,omitempty"`
	Note        string `json:"note,omitempty"`
	Subject     string `json:"subject,omitempty"`
	Body        string `json:"body,omitempty"`
	// Chars and MaxChars are a note's length and the sending account's limit.
	Chars    int    `json:"chars,omitempty"`
	MaxChars int    `json:"max_chars,omitempty"`
	Problem  string `json:"problem,omitempty"`
	// AI is the text the model already wrote for this lead and step, waiting for its
	// review or its slot (AIStatus: needs_review, approved, rejected or ready); AINote
	// says what goes out instead of the template on a step with ai:.
	AI       string `json:"ai,omitempty"`
	AIStatus string `json:"ai_status,omitempty"`
	AINote   string `json:"ai_note,omitempty"`
}

// PreviewSender is the account a preview renders as: its first name fills
// {{sender_first_name}} and its note limit checks the notes, as when it sends.
type PreviewSender struct {
	Account      string `json:"account,omitempty"`
	Type         string `json:"type,omitempty"`
	Name         string `json:"name,omitempty"`
	NoteMaxChars int    `json:"note_max_chars"`
	// Why says how the account was chosen (given, the campaign's, the first of
	// several), or that none is known.
	Why string `json:"why"`
}

// PreviewOptions are what a preview knows besides the sequence and the lead.
type PreviewOptions struct {
	// Sender is the account that would send; a zero NoteMaxChars is LinkedIn's limit.
	Sender PreviewSender
	// Campaign names the campaign whose stored AI texts are shown. With none, no
	// stored text is: another campaign's text for a step of the same id is not the one
	// this sequence sends.
	Campaign string
	// AITexts are the stored AI texts not sent yet (Reviews.Pending): the lead's are
	// shown under the steps they replace.
	AITexts []runtime.Review
}

// Preview renders every step with a text for one lead, every variant labelled, with
// the seed the engine uses for that lead and step and the sending account's first
// name and note limit (opt.Sender), so each text is one the lead may get. A step with
// ai: says that the model's text goes instead, and shows it when one is stored.
func Preview(seq *sequence.Sequence, l *paceline.Lead, leadKey string, opt PreviewOptions) []RenderedStep {
	d := engine.LeadData(l)
	if opt.Sender.Name != "" {
		d.Fields["sender_first_name"] = opt.Sender.Name // as the engine's data gives it
	}
	noteMax := opt.Sender.NoteMaxChars
	if noteMax <= 0 {
		noteMax = sequence.MaxNoteChars
	}
	out := []RenderedStep{}
	for i := range seq.Steps {
		step := &seq.Steps[i]
		if step.Note == nil && step.Subject == nil && step.Body == nil {
			continue
		}
		ids := step.VariantIDs()
		if len(ids) == 0 {
			ids = []string{""}
		}
		seed := personalize.Seed(leadKey, step.ID)
		for _, id := range ids {
			rs := RenderedStep{Step: step.ID, Kind: string(step.Kind), Variant: id}
			if id != "" {
				rs.VariantNote = fmt.Sprintf("one of %s (%s): the lead gets the one the campaign's test picks when the step is first due, and keeps it",
					plural.Count(len(ids), "variant"), strings.Join(ids, ", "))
			}
			st, err := step.WithVariant(id)
			switch {
			case err != nil:
			case st.Note != nil:
				rs.MaxChars = noteMax
				rs.Note, err = sequence.RenderNote(&st, d, seed, noteMax)
				rs.Chars = utf8.RuneCountInString(rs.Note)
			default:
				rs.Subject, rs.Body, err = sequence.RenderText(&st, d, seed)
			}
			if err != nil {
				rs.Problem = err.Error()
			}
			if step.AI != nil {
				previewAI(&rs, step, leadKey, opt)
			}
			out = append(out, rs)
		}
	}
	return out
}

// previewAI notes on rs that the model's text goes instead of the template, with the
// text stored for the lead and step in opt.Campaign when there is one. Step ids repeat
// across sequences, so a text is matched on its campaign too; without a campaign none
// is shown.
func previewAI(rs *RenderedStep, st *sequence.Step, leadKey string, opt PreviewOptions) {
	for _, r := range opt.AITexts {
		if opt.Campaign == "" || r.Key.Campaign != opt.Campaign || r.Key.Lead != leadKey || r.Key.Step != st.ID {
			continue
		}
		rs.AI, rs.AIStatus = r.Text, string(r.Status)
		switch r.Status {
		case aiwrite.StatusNeedsReview:
			rs.AINote = fmt.Sprintf("the AI text of campaign %s waits for review: it is sent instead of the template once approved, the template if rejected", r.Key.Campaign)
		case aiwrite.StatusRejected:
			rs.AINote = fmt.Sprintf("the AI text of campaign %s was rejected: the template is sent", r.Key.Campaign)
		default:
			rs.AINote = fmt.Sprintf("the AI text of campaign %s is sent instead of the template", r.Key.Campaign)
		}
		return
	}
	rs.AINote = "ai: the model writes this lead's text when the step is due, and it is sent instead of the template"
	if st.AI.Review {
		rs.AINote += " once a person approves it (review: true)"
	}
	rs.AINote += "; the template is sent only when the model's text cannot be used"
	if opt.Campaign == "" {
		rs.AINote += " (give campaign to see a text the model already wrote for it)"
	}
}

// previewSender returns the account a preview renders as: the account named, else
// the first of the campaign's accounts, else the first stored account, each said so
// in Why. Errors: ENOTFOUND for an account or campaign named that does not exist.
func (a *API) previewSender(ctx context.Context, account, campaign string) (PreviewSender, error) {
	var names []string
	why := ""
	switch {
	case account != "":
		names, why = []string{account}, "the account given"
	case campaign != "":
		cs, err := a.campaignStore()
		if err != nil {
			return PreviewSender{}, err
		}
		c, err := cs.Campaign(ctx, campaign)
		if paceline.ErrorCode(err) == paceline.ENOTFOUND {
			return PreviewSender{}, paceline.FieldErrorf("campaign", "%q is not a campaign (paceline campaigns list names them)", campaign)
		} else if err != nil {
			return PreviewSender{}, fmt.Errorf("preview: campaign %s: %w", campaign, err)
		}
		names, why = c.Accounts, "campaign "+campaign+"'s account"
		if len(names) > 1 {
			why = fmt.Sprintf("the first of campaign %s's %d accounts (%s), any of which may send: give account to preview another", campaign, len(names), strings.Join(names, ", "))
		}
	case a.deps.Accounts == nil:
		// A server without accounts: names stays empty.
	default:
		all, err := a.deps.Accounts.Accounts(ctx)
		if err != nil {
			return PreviewSender{}, fmt.Errorf("preview: accounts: %w", err)
		}
		for _, acct := range all {
			names = append(names, acct.Name)
		}
		why = "the only account"
		if len(names) > 1 {
			why = fmt.Sprintf("the first of %d accounts: give account or campaign to preview the one that sends", len(names))
		}
	}
	if len(names) == 0 || a.deps.Accounts == nil {
		return PreviewSender{NoteMaxChars: sequence.MaxNoteChars,
			Why: "no account: {{sender_first_name}} renders its default and notes are checked against LinkedIn's own limit"}, nil
	}
	acct, err := a.deps.Accounts.Account(ctx, names[0])
	if paceline.ErrorCode(err) == paceline.ENOTFOUND && account != "" {
		return PreviewSender{}, paceline.FieldErrorf("account", "%q is not an account (paceline accounts list names them)", account)
	} else if err != nil {
		return PreviewSender{}, fmt.Errorf("preview: account %s: %w", names[0], err)
	}
	cfg, err := limits.ConfigFor(acct)
	if err != nil {
		// A stored account whose settings no longer check still has its type's limit.
		if cfg, err = limits.NewConfig(acct.Type, nil); err != nil {
			return PreviewSender{}, fmt.Errorf("preview: account %s: %w", acct.Name, err)
		}
	}
	limit := sequence.MaxNoteChars
	if n := cfg.NoteMaxChars; n > 0 && n < limit {
		limit = n
	}
	return PreviewSender{Account: acct.Name, Type: string(acct.Type), Name: acct.SenderName, NoteMaxChars: limit, Why: why}, nil
}

// PreviewFor is a preview as POST /api/v1/sequences/preview and the dashboard's
// editor answer it: the sender chosen by previewSender from account and campaign
// (either may be ""), and the AI texts stored for the lead when the server runs AI
// writing. Errors: as previewSender, and when the AI texts cannot be read.
func (a *API) PreviewFor(ctx context.Context, seq *sequence.Sequence, l *paceline.Lead, account, campaign string) (PreviewSender, []RenderedStep, error) {
	sender, err := a.previewSender(ctx, account, campaign)
	if err != nil {
		return PreviewSender{}, nil, err
	}
	opt := PreviewOptions{Sender: sender, Campaign: campaign}
	if a.deps.Reviews != nil && hasAI(seq) {
		if opt.AITexts, err = a.deps.Reviews.Pending(ctx); err != nil {
			return PreviewSender{}, nil, fmt.Errorf("preview: AI texts: %w", err)
		}
	}
	return sender, Preview(seq, l, engine.LeadKey(l), opt), nil
}

// hasAI reports whether a step of seq has ai:.
func hasAI(seq *sequence.Sequence) bool {
	for i := range seq.Steps {
		if seq.Steps[i].AI != nil {
			return true
		}
	}
	return false
}
