package main

import (
	"fmt"

	"github.com/paceline/paceline/runtime"
	"github.com/spf13/cobra"
)

func (a *app) campaignsVariantsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "variants NAME",
		Short: "Show each A/B variant's sends, successes and posterior",
		Long: `Variants shows, for every step of the campaign that tests variants, each variant's
sends (actions done), successes (the step's goal: accepted for invites, replied for
messages), success rate, the posterior mean of that rate with its 90% credible
interval, and the probability that it is the best variant (also the share of new leads
it gets while the step still learns). The variant a step is frozen on is marked.`,
		Example: "  paceline campaigns variants q1\n  paceline campaigns variants q1 --json | jq '.[0].variants'",
		Args:    exactArgs(1, "the campaign's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
				steps, err := runtime.VariantReport(ctx, db.store, args[0])
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(a.stdout, steps)
				}
				if len(steps) == 0 {
					_, err := fmt.Fprintf(a.stdout, "Campaign %s has no step with variants: give a step variants: in its sequence to test texts against each other.\n", args[0])
					return err
				}
				w := newTable(a.stdout)
				fmt.Fprintln(w, "STEP\tGOAL\tVARIANT\tSENDS\tSUCCESSES\tRATE\tPOSTERIOR (90%)\tP(BEST)\tFROZEN")
				for _, s := range steps {
					for _, v := range s.Variants {
						frozen := ""
						if v.Frozen {
							frozen = "frozen"
						}
						fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\t%s\t%.1f%% (%.1f–%.1f%%)\t%.1f%%\t%s\n", s.Step, s.Goal, v.ID,
							v.Sends, v.Successes, rate(v.Successes, v.Sends), 100*v.Mean, 100*v.Low, 100*v.High, 100*v.ProbBest, frozen)
					}
				}
				return w.Flush()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	return cmd
}

// rate is successes over sends as a percentage, "-" before the first send.
func rate(successes, sends int) string {
	if sends == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(successes)/float64(sends))
}
