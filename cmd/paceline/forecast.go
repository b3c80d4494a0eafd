package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/sim"
	"github.com/spf13/cobra"
)

// forecastCmd runs the simulate campaign many times over seeds and reports the spread.
func (a *app) forecastCmd() *cobra.Command {
	var (
		run            simFlags
		svgFile        string
		runs, parallel int
		asJSON         bool
		campaign       string
		sender         string
	)
	cmd := &cobra.Command{
		Use:   "forecast",
		Short: "Forecast a campaign's completion, accepts and replies by Monte Carlo simulation",
		Long: `forecast runs the campaign of paceline simulate --runs times, with seeds --seed,
--seed+1, ..., and reports the 10th, 50th and 90th percentiles across runs of the day the
last lead finished, of accepts and replies, and of actions per kind. The leads, accounts,
sequence and strategy are the same in every run; only the simulated LinkedIn's answers
change (hidden limits, who accepts and replies, and when), so the spread is what chance
alone does to the campaign. A completion percentile is null when that share of runs had
not finished within --weeks.

--svg FILE writes a chart of cumulative replies over time: the P10-P90 band across runs
and the median line. Runs go one per CPU at once; --parallel=N sets how many (1: one
at a time). The result is the same whatever it is set to.

With --db, forecast runs the dashboard's forecast of that database instead: its
accounts and best leads not yet in a campaign
(` + forecastDBLimits + `),
the built-in sequence, the paceline strategy and seed 1, from --start or else from now (the database's clock
for a sped-up demo or serve run). The figures are the dashboard's for the same runs,
weeks and start. --accounts, --leads, --leads-file, --sequence, --strategy,
--time-zone, --safety, --parallel, --sender-name and a --seed other than 1 describe a made-up
campaign and are refused with --db. Each stored account is paced by its own settings,
as serve paces it: its caps, working days and hours in its time zone, and the warm-up
from its --created day; a paused account is left out and an assisted one is counted as
if its tasks were done on time; each seat's Pacer replays its account's last 100 days, as serve does.
The forecast says what it starts from and leaves out under Assumes. Without --db,
the campaign is made up from the flags below.

--campaign NAME forecasts that stored campaign of the database (--db, paceline.db when
not given) the same way, but with its own sequence, the best leads of its list that it
never enrolled and no other campaign runs, and its
own accounts, each with its type, paced at the accounts' safety (the lowest of them
when they differ, which the forecast says). --json then names the campaign.

The model and its parameters are described in docs/simulator.md.`,
		Example: `  paceline forecast --accounts free:3,sales-navigator:2 --leads 3000 --weeks 12 --runs 200
  paceline forecast --accounts free:2 --leads-file leads.csv --runs 100 --svg replies.svg --json
  paceline forecast --db paceline.db --runs 20 --weeks 8
  paceline forecast --db paceline.db --campaign q1-founders --runs 20 --weeks 8`,
		Args: func(cmd *cobra.Command, args []string) error {
			// --parallel may stand alone, so "--parallel 4" leaves the 4 behind as an
			// argument: say how to write it rather than that forecast takes none.
			if len(args) > 0 && cmd.Flags().Changed("parallel") {
				if _, err := strconv.Atoi(args[0]); err == nil {
					return usageError{fmt.Errorf("--parallel takes its number after an equals sign: write --parallel=%s", args[0])}
				}
			}
			return noArgs(cmd, args)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if svgFile != "" {
				if err := checkOutFile("svg", svgFile); err != nil {
					return err
				}
			}
			if cmd.Flags().Changed("db") || cmd.Flags().Changed("campaign") {
				if cmd.Flags().Changed("campaign") && campaign == "" {
					return usageError{errors.New("--campaign is empty: give the name of a stored campaign (paceline campaigns list shows them), or leave it out")}
				}
				f, err := a.forecastDatabase(cmd, &run, runs, campaign)
				if err != nil {
					return err
				}
				return a.printForecast(f, svgFile, asJSON)
			}
			if err := run.checkLeadSource(cmd); err != nil {
				return err
			}
			if parallel < 1 {
				return usageError{fmt.Errorf("--parallel=%d: give at least 1 (or leave it out for one run per CPU)", parallel)}
			}
			one, err := run.config()
			if err != nil {
				return err
			}
			if runs < 1 || runs > sim.MaxForecastRuns {
				return paceline.FieldErrorf("runs", "%d is not from 1 to %d", runs, sim.MaxForecastRuns)
			}
			signWith(&one, sender)
			cfg := sim.ForecastConfig{Config: one, Runs: runs, Parallel: parallel}
			if err := a.loadSimInputs(&cfg.Config, &run); err != nil {
				return err
			}
			if err := a.checkSeatNotes(&cfg.Config, run.seqFile); err != nil {
				return err
			}
			if err := a.checkSeatKinds(cmd.Context(), &cfg.Config, run.seqFile); err != nil {
				return err
			}
			cfg.Progress = forecastProgress(a.stderr, runs)
			f, err := sim.RunForecast(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			return a.printForecast(&api.CampaignForecast{Forecast: f}, svgFile, asJSON)
		},
	}
	run.add(cmd, simHelp{
		leads: "number of synthetic leads (the same in every run)",
		weeks: "length of each run in weeks",
		seed:  "seed of the leads and of the first run; run i uses seed+i",
		start: "first instant of the runs (RFC 3339 or a date)",
	})
	fl := cmd.Flags()
	fl.IntVar(&runs, "runs", 100, "number of simulated runs")
	fl.IntVar(&parallel, "parallel", sim.DefaultParallel(), "runs at once, as --parallel=N (default and --parallel alone: one per CPU)")
	fl.Lookup("parallel").NoOptDefVal = strconv.Itoa(sim.DefaultParallel())
	fl.StringVar(&svgFile, "svg", "", "write a chart of cumulative replies (P10-P90 band, median) to this SVG file")
	fl.BoolVar(&asJSON, "json", false, "print the forecast as JSON")
	fl.StringVar(&sender, "sender-name", "", "first `name` every account signs with ({{sender_first_name}}; without it a text that needs it is held)")
	fl.StringVar(&campaign, "campaign", "", "forecast this stored campaign of the database (its sequence, list and accounts; --db, default paceline.db)")
	return cmd
}

// printForecast writes the chart when --svg asked for one, then the forecast as JSON
// or as a table; the forecast of a stored campaign (f.Campaign set) names it in both.
func (a *app) printForecast(f *api.CampaignForecast, svgFile string, asJSON bool) error {
	if svgFile != "" {
		if err := writeChartFile(svgFile, f.Forecast); err != nil {
			return err
		}
	}
	if asJSON {
		if f.Campaign == "" {
			return writeJSON(a.stdout, f.Forecast)
		}
		return writeJSON(a.stdout, f)
	}
	return writeCampaignForecast(a.stdout, f, svgFile)
}

// forecastProgress reports every tenth of the runs on w, so a long forecast shows it is moving.
func forecastProgress(w io.Writer, total int) func(done, total int) {
	step := max(1, total/10)
	return func(done, _ int) {
		if total >= 20 && done%step == 0 && done < total {
			fmt.Fprintf(w, "paceline: forecast %d/%d runs\n", done, total)
		}
	}
}

// writeChartFile writes the forecast's chart to path, leaving no half-written file.
func writeChartFile(path string, f *sim.Forecast) error {
	out, err := os.Create(path)
	if err != nil {
		return paceline.FieldErrorf("svg", "cannot create %s: %v", path, errors.Unwrap(err))
	}
	if err := sim.WriteChart(out, f); err != nil {
		out.Close()
		os.Remove(path)
		return fmt.Errorf("chart %s: %w", path, err)
	}
	if err := out.Close(); err != nil {
		os.Remove(path)
		return fmt.Errorf("chart %s: %w", path, err)
	}
	return nil
}

// writeForecast prints the forecast for a person.
func writeForecast(w io.Writer, f *sim.Forecast, svgFile string) error {
	return writeCampaignForecast(w, &api.CampaignForecast{Forecast: f}, svgFile)
}

// writeCampaignForecast prints the forecast for a person, under the stored campaign it
// is of when cf.Campaign is set.
func writeCampaignForecast(w io.Writer, cf *api.CampaignForecast, svgFile string) error {
	f := cf.Forecast
	tw := newTable(w)
	seeds := fmt.Sprintf("seeds %d to %d", f.Seed, f.Seed+uint64(f.Runs)-1)
	if f.Runs == 1 {
		seeds = fmt.Sprintf("seed %d", f.Seed)
	}
	fmt.Fprintf(tw, "Forecast\t%s, %s, %s, %s, %s (%s)\n", f.Strategy, plural.Count(f.Accounts, "account"),
		plural.Count(f.Leads, "lead"), plural.Count(f.Weeks, "week"), plural.Count(f.Runs, "run"), seeds)
	if cf.Campaign != "" {
		list := "every lead"
		if cf.List != "" {
			list = "list " + cf.List
		}
		fmt.Fprintf(tw, "Campaign\t%s: its own sequence, %s, its accounts at safety %g\n", cf.Campaign, list, cf.Safety)
		if cf.SafetyNote != "" {
			fmt.Fprintf(tw, "Safety\t%s\n", cf.SafetyNote)
		}
	}
	title := "Assumes"
	for _, n := range f.Notes {
		fmt.Fprintf(tw, "%s\t%s\n", title, n)
		title = ""
	}
	fmt.Fprintf(tw, "\tP10\tP50\tP90\n")
	row := func(name string, p sim.Percentiles) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, percentileCell(p.P10), percentileCell(p.P50), percentileCell(p.P90))
	}
	row("Completion day", f.CompletionDays)
	row("Accepted", f.Accepted)
	row("Replied", f.Replied)
	if len(f.Actions) > 0 {
		// Under a heading of their own: indented under Replied, "email 14" read as
		// fourteen email replies (QA).
		fmt.Fprint(tw, "Actions done\t\t\t\n") // every column, so the rows after stay aligned with those before
	}
	for _, k := range slices.Sorted(maps.Keys(f.Actions)) {
		row("  "+k, f.Actions[k])
	}
	row("Limit notices", f.LimitNotices)
	row("Restrictions", f.Restrictions)
	if f.PausedRuns > 0 {
		row("Paused on day", f.PausedDay)
	}
	fmt.Fprintf(tw, "Finished runs\t%d of %d within %s\n", f.Finished, f.Runs, plural.Count(f.Weeks, "week"))
	writePausedRuns(tw, f)
	fill := fillSenderFlag
	if cf.Stored {
		fill = fillSenderStored
	}
	writeHeldRuns(tw, f, fill)
	fmt.Fprintf(tw, "Wall time\t%.2f s (%d at once)\n", f.WallSeconds, f.Parallel)
	if svgFile != "" {
		fmt.Fprintf(tw, "Chart\t%s\n", svgFile)
	}
	return tw.Flush()
}

// percentileCell prints a percentile; a missing one (too few runs finished) is "not reached".
func percentileCell(v *float64) string {
	if v == nil {
		return "not reached"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}
