package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/sim"
)

// allStrategies is the --strategy of simulate that runs every strategy.
const allStrategies = "all"

// parseStrategies reads simulate's --strategy: one strategy, a comma-separated list of
// them, or all (sim.Strategies). A list names each strategy once.
func parseStrategies(s string) ([]sim.Strategy, error) {
	if strings.TrimSpace(s) == allStrategies {
		return slices.Clone(sim.Strategies), nil
	}
	var out []sim.Strategy
	for _, name := range strings.Split(s, ",") {
		st, err := sim.ParseStrategy(strings.TrimSpace(name))
		if err != nil {
			return nil, paceline.FieldErrorf("strategy", "unknown strategy %q (want paceline, calendar or daily, a comma-separated list of them, or all)", strings.TrimSpace(name))
		}
		if slices.Contains(out, st) {
			return nil, paceline.FieldErrorf("strategy", "%s is listed twice", st)
		}
		out = append(out, st)
	}
	return out, nil
}

// runStrategies plays cfg out once under each strategy, with the same leads, seed and
// platform, and returns the reports in the order of strategies.
func runStrategies(ctx context.Context, cfg sim.Config, strategies []sim.Strategy) ([]*sim.Report, error) {
	reps := make([]*sim.Report, 0, len(strategies))
	for _, st := range strategies {
		c := cfg
		c.Strategy = st
		prepared, err := sim.Prepare(c)
		if err != nil {
			return nil, fmt.Errorf("strategy %s: %w", st, err)
		}
		rep, err := prepared.Run(ctx)
		if err != nil {
			return nil, fmt.Errorf("strategy %s: %w", st, err)
		}
		reps = append(reps, rep)
	}
	return reps, nil
}

// writeComparison prints runs of the same campaign under several strategies side by
// side, a column a strategy; why leads stalled is left to a run of one strategy.
func writeComparison(w io.Writer, reps []*sim.Report) error {
	if len(reps) == 0 {
		return nil
	}
	first := reps[0].Result
	fmt.Fprintf(w, "%s, %s, %s, seed %d; each strategy with the same leads and platform answers\n",
		plural.Count(first.Accounts, "account"), plural.Count(first.Leads, "lead"), plural.Count(first.Weeks, "week"), first.Seed)
	tw := newTable(w)
	row := func(label string, cell func(r *sim.Result) string) {
		fmt.Fprint(tw, label)
		for _, rep := range reps {
			fmt.Fprintf(tw, "\t%s", cell(rep.Result))
		}
		fmt.Fprintln(tw, "\t")
	}
	row("Strategy", func(r *sim.Result) string { return r.Strategy })
	kinds := map[string]bool{}
	restricted := false
	for _, rep := range reps {
		for k := range rep.Result.Actions {
			kinds[k] = true
		}
		restricted = restricted || rep.Result.Restrictions > 0
	}
	for _, k := range slices.Sorted(maps.Keys(kinds)) {
		row("  "+k, func(r *sim.Result) string { return fmt.Sprint(r.Actions[k]) })
	}
	for _, k := range slices.Sorted(maps.Keys(kinds)) {
		if !slices.ContainsFunc(reps, func(rep *sim.Report) bool { _, ok := rep.Result.Utilization[k]; return ok }) {
			continue
		}
		row(fmt.Sprintf("  %s allowance used*", k), func(r *sim.Result) string {
			if u, ok := r.Utilization[k]; ok {
				return fmt.Sprintf("%.0f%%", u*100)
			}
			return "-"
		})
	}
	row("Accepted", func(r *sim.Result) string { return fmt.Sprint(r.Accepted) })
	row("Replied", func(r *sim.Result) string { return fmt.Sprint(r.Replied) })
	row("Limit notices", func(r *sim.Result) string { return fmt.Sprint(r.LimitNotices) })
	row("Restrictions", func(r *sim.Result) string { return fmt.Sprint(r.Restrictions) })
	row("Audit violations", func(r *sim.Result) string { return fmt.Sprint(r.Violations) })
	row("Completed in", func(r *sim.Result) string {
		if r.CompletionDays == nil {
			return "not within the run"
		}
		return fmt.Sprintf("%.1f days", *r.CompletionDays)
	})
	row("Unfinished", func(r *sim.Result) string { return fmt.Sprint(r.Unfinished) })
	if err := tw.Flush(); err != nil {
		return err
	}
	note := "* of the strategy's own weekly cap, in the weeks the kind's work was waiting at both ends"
	if restricted {
		note += "; weeks under a restriction are left out"
	}
	_, err := fmt.Fprintf(w, "%s.\nRun one --strategy for why leads stalled and the ledger (--ledger).\n", note)
	return err
}
