package main

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/personalize"
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
under the same guardrails as in serve; the spend counts against the day's AI budget.`,
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
				sender, err := pickSender(ctx, st, account, campaign, t)
				if err != nil {
					return err
				}
				texts := previewLead(seq, l, sender.NoteMaxChars, sender.Name)
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
					if p.Problem != "" {
						text = "NOT SENT: " + p.Problem
					} else if p.MaxChars > 0 {
						text = fmt.Sprintf("%s  (%d/%d chars)", text, p.Chars, p.MaxChars)
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\n", label, p.Kind, text)
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
		if st.AI == nil || p.Problem != "" || stored[p.Step] {
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

// previewLead renders every text step of seq, each variant, for l, with the engine's
// data and seed and sender for {{sender_first_name}} ("" leaves the lead's column or
// the template's default), and reports per text why it would not be sent as it is.
func previewLead(seq *sequence.Sequence, l *paceline.Lead, noteMax int, sender string) []previewText {
	data, key := engine.LeadData(l), engine.LeadKey(l)
	if sender != "" {
		data.Fields["sender_first_name"] = sender // as the engine's data gives it
	}
	var out []previewText
	for i := range seq.Steps {
		step := &seq.Steps[i]
		if step.Note == nil && step.Subject == nil && step.Body == nil {
			continue
		}
		variants := step.VariantIDs()
		if len(variants) == 0 {
			variants = []string{""}
		}
		for _, id := range variants {
			st, err := step.WithVariant(id)
			p := previewText{Step: step.ID, Kind: string(step.Kind), Variant: id}
			seed := personalize.Seed(key, step.ID)
			switch {
			case err != nil:
			case st.Note != nil:
				p.MaxChars = noteMax
				p.Note, err = sequence.RenderNote(&st, data, seed, noteMax)
				p.Chars = utf8.RuneCountInString(p.Note)
			default:
				p.Subject, p.Body, err = sequence.RenderText(&st, data, seed)
				p.Chars = utf8.RuneCountInString(p.Body)
			}
			if err != nil {
				p.Problem = paceline.ErrorMessage(err)
				if paceline.ErrorCode(err) == paceline.EINTERNAL {
					p.Problem = err.Error()
				}
				p.Problem += "; " + instead(step)
			}
			out = append(out, p)
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
