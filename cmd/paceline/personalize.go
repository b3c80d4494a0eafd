package main

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/personalize/aiwrite"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/sequence"
	"github.com/spf13/cobra"
)

func (a *app) personalizeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "personalize",
		Short: "Preview the texts a sequence renders for a lead",
	}
	cmd.AddCommand(a.personalizePreviewCmd())
	return cmd
}

// previewText is one rendered text of one step (and variant) for the lead.
type previewText struct {
	Step     string `json:"step"`
	Kind     string `json:"kind"`
	Variant  string `json:"variant,omitempty"`
	Note     string `json:"note,omitempty"`
	Subject  string `json:"subject,omitempty"`
	Body     string `json:"body,omitempty"`
	Chars    int    `json:"chars"`
	MaxChars int    `json:"max_chars,omitempty"`
	// Problem says why the step would not send this text: a blank field (the step falls
	// back or is held for review) or a note too long for the account type.
	Problem string `json:"problem,omitempty"`
	// If is the step's if:, Skipped why the engine skips the step for this lead and
	// account (the step then has no text), When what only the campaign's course
	// decides (an if: on connected): as api.RenderedStep says them.
	If      string `json:"if,omitempty"`
	Skipped string `json:"skipped,omitempty"`
	When    string `json:"when,omitempty"`
	// AI is the text the model wrote for a step with ai: (sent instead of the
	// template, after review when the step asks for it); AINote says why the template
	// is sent instead, or that the text waits for review.
	AI     string `json:"ai,omitempty"`
	AINote string `json:"ai_note,omitempty"`
}

func (a *app) personalizePreviewCmd() *cobra.Command {
	var (
		seqFile, typ      string
		account, campaign string
		asJSON            bool
		ai                aiFlags
	)
	cmd := &cobra.Command{
		Use:   "preview --lead KEY_OR_URL_OR_EMAIL [--sequence FILE]",
		Short: "Render every text of a sequence, every variant, for one lead",
		Long: `preview renders each note, message and email of the sequence for one lead exactly as
the engine would (the same seed for the same lead and step, so the same spintax), as the
account that would send: its first name signs the texts ({{sender_first_name}}) and its
note limit checks each note (--type checks another type's). The account is --account,
else the first of --campaign's, else the first stored one. A step with variants shows
each: the lead gets the one the campaign's test picks when the step is first due. It
says what would happen instead when a field is blank or a note too long. A step with
ai: shows the AI text stored for the lead (sent instead of the template, or waiting for
review); without one, with the --ai-* flags (or PACELINE_AI_*), the model writes it,
under the same guardrails as in serve; the spend counts against the day's AI budget.
It walks the sequence as the engine would for the lead and the account: a step whose
if: does not hold for the lead, that cannot reach the lead (an email step for a lead
without an address) or that the account cannot carry out (an InMail from a free
account, an email from an account without a mailbox) shows as skipped, with why. A
template field no lead has (a typo such as {{compnay}}) is refused with the name
likely meant, as campaigns create refuses it.`,
		Example: "  paceline personalize preview --lead https://www.linkedin.com/in/zoe-martin/ --sequence founders.yaml --type free",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			leadArg, _ := cmd.Flags().GetString("lead")
			if leadArg == "" {
				return paceline.FieldErrorf("lead", "is missing (give the lead's profile URL, email, key or id)")
			}
			var t paceline.AccountType
			if cmd.Flags().Changed("type") {
				var err error
				if t, err = paceline.ParseAccountType(typ); err != nil {
					return err
				}
			}
			seq := sequence.Default()
			if seqFile != "" {
				src, err := readFlagFile("sequence", seqFile)
				if err != nil {
					return err
				}
				if seq, err = sequence.Parse(src); err != nil {
					return fmt.Errorf("sequence %s: %w", seqFile, err)
				}
			}
			ref, err := parseLeadRef(leadArg)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			// The lead, and the AI spend when the --ai-* flags are set.
			return a.withLead(ctx, ref, func(st appStore, _ int64, l *paceline.Lead) error {
				// A field that neither every lead nor some stored lead has is a typo,
				// refused as campaigns create refuses it: rendered, it read as a field
				// this lead lacks, to be given a default.
				if err := api.CheckStoredFields(ctx, seq, st); err != nil {
					return fmt.Errorf("sequence %s: %w", cmpOr(seqFile, "(built-in)"), err)
				}
				sender, acct, err := pickSender(ctx, st, account, campaign, t)
				if err != nil {
					return err
				}
				texts := previewLead(seq, l, sender, acct)
				stored, err := storedAI(ctx, st.AIWriting(), l, campaign, texts)
				if err != nil {
					return err
				}
				w, err := ai.writer(aiwrite.NewMemoryCache(), st.AIWriting(), time.Now)
				if err != nil {
					return err
				}
				if err := previewAI(ctx, w, seq, l, sender.NoteMaxChars, texts, stored, campaign); err != nil {
					return err
				}
				if asJSON {
					return writeJSON(a.stdout, struct {
						Lead   string        `json:"lead"`
						Sender previewSender `json:"sender"`
						Texts  []previewText `json:"texts"`
					}{engine.LeadKey(l), sender, texts})
				}
				name := l.Name()
				if name == "" {
					name = "(no name)"
				}
				signs := "no account"
				if sender.Account != "" {
					signs = "account " + sender.Account + " signing as " + cmpOr(sender.Name, "(no name: the template's default)")
				}
				fmt.Fprintf(a.stdout, "%s (%s), sequence %s, %s (%s), notes up to %d characters (%s)\n\n",
					name, engine.LeadKey(l), seq.Name, signs, sender.Why, sender.NoteMaxChars, cmpOr(sender.Type, "no type"))
				tw := newTable(a.stdout)
				for _, p := range texts {
					label := p.Step
					if p.Variant != "" {
						label += " [" + p.Variant + "]"
					}
					text := p.Note
					if p.Subject != "" {
						text = p.Subject + " / " + p.Body
					} else if p.Body != "" {
						text = p.Body
					}
					switch {
					case p.Skipped != "":
						text = "SKIPPED: " + p.Skipped
					case p.Problem != "":
						text = "NOT SENT: " + p.Problem
					case p.MaxChars > 0:
						text = fmt.Sprintf("%s  (%d/%d chars)", text, p.Chars, p.MaxChars)
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\n", label, p.Kind, text)
					if p.When != "" {
						fmt.Fprintf(tw, "\t\tsent %s\n", p.When)
					}
					if p.AI != "" {
						fmt.Fprintf(tw, "\tAI\t%s  (%d chars)\n", p.AI, utf8.RuneCountInString(p.AI))
					}
					if p.AINote != "" {
						fmt.Fprintf(tw, "\tAI\t%s\n", p.AINote)
					}
				}
				return tw.Flush()
			})
		},
	}
	f := cmd.Flags()
	f.String("lead", "", "the lead: profile URL, email, canonical key or id (required)")
	f.StringVar(&seqFile, "sequence", "", "sequence YAML `file` (default: the built-in sequence)")
	f.StringVar(&typ, "type", "", "account `type` whose note length applies (default: the sending account's, else free): "+typeNames())
	f.StringVar(&account, "account", "", "the account `name` that sends: its first name signs the texts (default: the first of --campaign's, else the first account)")
	f.StringVar(&campaign, "campaign", "", "the campaign `name` whose accounts send and whose stored AI texts are shown")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	a.addAIFlags(cmd, &ai)
	return cmd
}

// previewAI has the model write the texts of the steps with ai: (w nil: says AI writing
// is off) and notes each outcome on texts, the templates previewLead rendered.
// A step stored already (storedAI noted its text) is not written again; campaign is
// --campaign, the campaign whose stored texts were looked at ("" for none).
func previewAI(ctx context.Context, w *aiwrite.Writer, seq *sequence.Sequence, l *paceline.Lead, noteMax int, texts []previewText, stored map[string]bool, campaign string) error {
	for i := range texts {
		p := &texts[i]
		st := &seq.Steps[seq.Index(p.Step)]
		if st.AI == nil || p.Problem != "" || p.Skipped != "" || stored[p.Step] {
			continue
		}
		if w == nil {
			// serve with AI writing on sends the model's text instead: say so, as the
			// template alone read as what the lead gets.
			p.AINote = "where AI writing is on (serve with --ai-base-url), the model's text is sent instead of this template"
			if st.AI.Review {
				p.AINote += " once a person approves it (review: true)"
			}
			if campaign == "" {
				p.AINote += "; a text the model already wrote is shown with --campaign, and AI writing is not configured here (--ai-base-url) to write one"
			} else {
				p.AINote += "; none is stored for this lead in campaign " + campaign + " yet, and AI writing is not configured here (--ai-base-url) to write one"
			}
			continue
		}
		template := engine.Text{Note: p.Note, Body: p.Body}.For(st.Kind)
		res, err := w.Write(ctx, aiwrite.Request{
			LeadKey: engine.LeadKey(l), StepID: st.ID, Kind: st.Kind, Fields: runtime.AIFields(l, st.AI.Fields),
			Prompt: st.AI.Prompt, MaxChars: st.AIMaxChars(noteMax), Review: st.AI.Review,
			TemplateFunc: func() (string, error) { return template, nil },
		})
		if err != nil {
			return err
		}
		switch {
		case res.Fallback != nil:
			p.AINote = res.Fallback.Reason
		case res.NeedsReview():
			p.AI, p.AINote = res.Text, "held for review before it is sent (review: true)"
		default:
			p.AI = res.Text
		}
	}
	return nil
}

// previewLead renders every text step of seq, each variant, for l as api.Preview
// does for the API and the dashboard: the engine's data and seed, sender's first name
// for {{sender_first_name}} ("" leaves the lead's column or the template's default)
// and note limit, the sequence walked as the engine would for l and acct (nil when no
// account is known), and per text why it would not be sent as it is.
func previewLead(seq *sequence.Sequence, l *paceline.Lead, sender previewSender, acct *paceline.Account) []previewText {
	steps := api.Preview(seq, l, engine.LeadKey(l), api.PreviewOptions{
		Sender:  api.PreviewSender{Name: sender.Name, NoteMaxChars: sender.NoteMaxChars},
		Account: acct,
	})
	out := make([]previewText, 0, len(steps))
	for _, rs := range steps {
		out = append(out, previewText{Step: rs.Step, Kind: rs.Kind, Variant: rs.Variant, Note: rs.Note, Subject: rs.Subject,
			Body: rs.Body, Chars: rs.Chars, MaxChars: rs.MaxChars, Problem: rs.Problem, If: rs.If, Skipped: rs.Skipped, When: rs.When})
	}
	return out
}
