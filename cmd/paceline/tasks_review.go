package main

import (
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize/aiwrite"
	"github.com/paceline/paceline/runtime"
	"github.com/spf13/cobra"
)

// tasksReviewCmd lists and decides the AI texts held for review (steps with ai:
// review: true). A decision is recorded in the database; the running serve or worker
// sends the step in its account's next slot.
func (a *app) tasksReviewCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "review",
		Short: "Approve or reject the AI-written texts waiting for review",
		Long: `Steps whose sequence says ai: {review: true} send nothing until a person decides.
approve sends the model's text (or your edit, given with --text and checked against the
same length limit, banned phrases and facts as serve, and refused when it holds an
unfilled placeholder such as {{first_name}}, markdown or a note to the reviewer: give
the same --ai-ban and --ai-allow, or set PACELINE_AI_BAN and PACELINE_AI_ALLOW once
for both); reject sends the step's template instead, and takes back an approval until
the text is sent. Texts whose lead opted out or whose enrollment stopped are not
listed and cannot be approved: they will never be sent.
The running paceline serve (or worker) sends the step in its account's next slot after
the decision, paced like every other action: approving many texts at once never sends
them at once.`,
	}
	cmd.AddCommand(a.reviewListCmd(), a.reviewDecideCmd("approve"), a.reviewDecideCmd("reject"))
	return cmd
}

// reviewer is an AIText over the database that records decisions without sending.
// With no Writer it judges edited texts by its Rules, the flags' lists (the built-in
// and --ai-ban phrases, the --ai-allow words), as serve does.
func reviewer(st leadDB, f *aiFlags) *runtime.AIText {
	return &runtime.AIText{Store: st.AIWriting(), Campaigns: st, Accounts: st,
		Rules: f.guard(st.AIWriting()), LeadFunc: leadByEngineKey(st)}
}

func (a *app) reviewListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the AI texts waiting for review",
		Example: "  paceline tasks review list --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withAppStore(ctx, true, func(st appStore) error {
				list, err := reviewer(st, &aiFlags{}).Pending(ctx)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(a.stdout, jsonArray(list))
				}
				if len(list) == 0 {
					fmt.Fprintln(a.stdout, "No AI texts wait for review.")
					return nil
				}
				w := newTable(a.stdout)
				fmt.Fprintln(w, "CAMPAIGN\tLEAD\tSTEP\tSTATUS\tAI TEXT")
				for _, r := range list {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", r.Key.Campaign, r.Key.Lead, r.Key.Step, r.Status, r.Text)
				}
				return w.Flush()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the texts as JSON")
	return cmd
}

func (a *app) reviewDecideCmd(decision string) *cobra.Command {
	var k aiwrite.Key
	var text string
	var ai aiFlags
	cmd := &cobra.Command{
		Use:     decision + " --campaign C --lead KEY --step ID",
		Short:   map[string]string{"approve": "Approve an AI text (as written, or --text edited)", "reject": "Reject an AI text: the step's template is sent instead"}[decision],
		Example: "  paceline tasks review " + decision + " --campaign q1 --lead zoe-martin --step connect",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if k.Campaign == "" || k.Lead == "" || k.Step == "" {
				return paceline.Errorf(paceline.EINVALID, "give the text's --campaign, --lead and --step (see paceline tasks review list)")
			}
			if cmd.Flags().Changed("text") && strings.TrimSpace(text) == "" {
				// An empty edit would otherwise approve the model's text unseen.
				return paceline.FieldErrorf("text", "--text is empty: give the text to send, or leave --text out to approve the model's text as it is")
			}
			ctx := cmd.Context()
			return a.withAppStore(ctx, true, func(st appStore) error {
				x := reviewer(st, &ai)
				k := k
				k.Lead = engineLeadKey(ctx, st, strings.TrimSpace(k.Lead))
				var r runtime.Review
				var err error
				if decision == "approve" {
					r, err = x.Approve(ctx, k, text)
				} else {
					r, err = x.Reject(ctx, k)
				}
				if err != nil {
					return err
				}
				what := "the AI text"
				if decision == "reject" {
					what = "the template"
				}
				fmt.Fprintf(a.stdout, "%s %s's text for step %s of %s: paceline serve sends %s in the account's next slot.\n",
					map[string]string{"approve": "Approved", "reject": "Rejected"}[decision], r.Key.Lead, r.Key.Step, r.Key.Campaign, what)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&k.Campaign, "campaign", "", "the campaign")
	f.StringVar(&k.Lead, "lead", "", "the lead's key, as review list shows it")
	f.StringVar(&k.Step, "step", "", "the step id")
	if decision == "approve" {
		f.StringVar(&text, "text", "", "send this text instead of the model's (checked against the same guardrails)")
		a.addAIGuardFlags(cmd, &ai)
	}
	return cmd
}
