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
	// Chars is the length of a note or a body; MaxChars a note's limit, the sending
	// account's.
	Chars    int `json:"chars,omitempty"`
	MaxChars int `json:"max_chars,omitempty"`
	// Problem says why the text would not be sent as written (a blank field, a note
	// too long for the account) and what the engine does instead.
	Problem string `json:"problem,omitempty"`
	// If is the step's if: as written. Skipped says why the engine skips the step for
	// this lead and account: the if: does not hold, the step cannot reach the lead (an
	// email without an address), the account cannot carry it out (an InMail from a
	// free account, an email from one without a mailbox), or no path of the sequence
	// comes to it; the step then has no text. When says what the step waits on that
	// only the campaign decides (an if: on connected).
	If      string `json:"if,omitempty"`
	Skipped string `json:"skipped,omitempty"`
	When    string `json:"when,omitempty"`
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
	// Account is the account that would send, nil when none is known: a step it can
	// never carry out (limits.Config.CanDo) is shown skipped, as the engine skips it.
	Account *paceline.Account
}

// Preview renders every step with a text for one lead, every variant labelled, with
// the seed the engine uses for that lead and step and the sending account's first
// name and note limit (opt.Sender), so each text is one the lead may get. It walks
// the sequence as the engine would for the lead and opt.Account: a step the engine
// skips is shown skipped, with why and no text. A step with ai: says that the model's
// text goes instead, and shows it when one is stored. The CLI's personalize preview
// shows the same steps.
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
	fates := walkSequence(seq, l, opt.Account)
	for i := range seq.Steps {
		step := &seq.Steps[i]
		if step.Note == nil && step.Subject == nil && step.Body == nil {
			continue
		}
		if fates[i].skipped != "" {
			out = append(out, RenderedStep{Step: step.ID, Kind: string(step.Kind), If: step.If.String(), Skipped: fates[i].skipped})
			continue
		}
		ids := step.VariantIDs()
		if len(ids) == 0 {
			ids = []string{""}
		}
		seed := personalize.Seed(leadKey, step.ID)
		for _, id := range ids {
			rs := RenderedStep{Step: step.ID, Kind: string(step.Kind), Variant: id, If: step.If.String(), When: fates[i].when}
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
				rs.Chars = utf8.RuneCountInString(rs.Body)
			}
			if err != nil {
				rs.Problem = paceline.ErrorMessage(err)
				if paceline.ErrorCode(err) == paceline.EINTERNAL {
					rs.Problem = err.Error()
				}
				rs.Problem += "; " + instead(step)
			}
			if step.AI != nil {
				previewAI(&rs, step, leadKey, opt)
			}
			out = append(out, rs)
		}
	}
	return out
}

// instead says what the engine does when a step's text cannot be sent as written.
func instead(st *sequence.Step) string {
	if st.Note == nil {
		return "the step is held for review"
	}
	switch st.Fallback {
	case sequence.FallbackWait:
		return "the invite waits (held for review)"
	case sequence.FallbackSkip:
		return "the invite is skipped"
	}
	return "a plain invite without a note is sent instead"
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
// in Why, with the account itself (nil when there is none). Errors: ENOTFOUND for an
// account or campaign named that does not exist.
func (a *API) previewSender(ctx context.Context, account, campaign string) (PreviewSender, *paceline.Account, error) {
	var names []string
	why := ""
	switch {
	case account != "":
		names, why = []string{account}, "the account given"
	case campaign != "":
		cs, err := a.campaignStore()
		if err != nil {
			return PreviewSender{}, nil, err
		}
		c, err := cs.Campaign(ctx, campaign)
		if paceline.ErrorCode(err) == paceline.ENOTFOUND {
			return PreviewSender{}, nil, paceline.FieldErrorf("campaign", "%q is not a campaign (paceline campaigns list names them)", campaign)
		} else if err != nil {
			return PreviewSender{}, nil, fmt.Errorf("preview: campaign %s: %w", campaign, err)
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
			return PreviewSender{}, nil, fmt.Errorf("preview: accounts: %w", err)
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
			Why: "no account: {{sender_first_name}} renders its default and notes are checked against LinkedIn's own limit"}, nil, nil
	}
	acct, err := a.deps.Accounts.Account(ctx, names[0])
	if paceline.ErrorCode(err) == paceline.ENOTFOUND && account != "" {
		return PreviewSender{}, nil, paceline.FieldErrorf("account", "%q is not an account (paceline accounts list names them)", account)
	} else if err != nil {
		return PreviewSender{}, nil, fmt.Errorf("preview: account %s: %w", names[0], err)
	}
	cfg, err := limits.ConfigFor(acct)
	if err != nil {
		// A stored account whose settings no longer check still has its type's limit.
		if cfg, err = limits.NewConfig(acct.Type, nil); err != nil {
			return PreviewSender{}, nil, fmt.Errorf("preview: account %s: %w", acct.Name, err)
		}
	}
	limit := sequence.MaxNoteChars
	if n := cfg.NoteMaxChars; n > 0 && n < limit {
		limit = n
	}
	return PreviewSender{Account: acct.Name, Type: string(acct.Type), Name: acct.SenderName, NoteMaxChars: limit, Why: why}, acct, nil
}

// PreviewFor is a preview as POST /api/v1/sequences/preview and the dashboard's
// editor answer it: the sender chosen by previewSender from account and campaign
// (either may be ""), the steps that account cannot carry out skipped, and the AI
// texts stored for the lead when the server runs AI writing. A template field that no
// lead has is refused first, as campaign creation refuses it (CheckStoredFields: the
// field, its line and the name likely meant), rather than rendered as missing for
// this lead. Errors: those sequence.ValidationErrors (EINVALID), as previewSender,
// and when the leads' fields or the AI texts cannot be read.
func (a *API) PreviewFor(ctx context.Context, seq *sequence.Sequence, l *paceline.Lead, account, campaign string) (PreviewSender, []RenderedStep, error) {
	if err := CheckStoredFields(ctx, seq, a.deps.Leads); err != nil {
		return PreviewSender{}, nil, err
	}
	sender, acct, err := a.previewSender(ctx, account, campaign)
	if err != nil {
		return PreviewSender{}, nil, err
	}
	opt := PreviewOptions{Sender: sender, Campaign: campaign, Account: acct}
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
