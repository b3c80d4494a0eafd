package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/paceline/paceline/api"
	"github.com/spf13/cobra"
)

// forecastDBConflicts are the forecast flags that describe a made-up campaign: with
// --db the campaign is the database's, as on the dashboard's forecast page, so they
// have nothing to set and are refused rather than silently ignored.
var forecastDBConflicts = []string{"accounts", "leads", "leads-file", "sequence", "strategy", "time-zone", "safety", "parallel", "sender-name"}

// forecastDatabase forecasts the accounts and best leads of the database at --db
// through api.ForecastStore, the function the dashboard's forecast page runs, so the
// figures are the page's for the same runs, weeks and start; with a campaign, that
// stored campaign's sequence, list and accounts through api.ForecastCampaign (the
// answer then names it; without, only its Forecast is set). The start is --start when
// given, otherwise the instant the dashboard would use (the database's clock, see
// databaseNow); the seed is the dashboard's, 1.
func (a *app) forecastDatabase(cmd *cobra.Command, run *simFlags, runs int, campaign string) (*api.CampaignForecast, error) {
	var given []string
	for _, name := range forecastDBConflicts {
		if cmd.Flags().Changed(name) {
			given = append(given, "--"+name)
		}
	}
	if cmd.Flags().Changed("seed") && run.seed != 1 {
		given = append(given, "--seed")
	}
	if len(given) > 0 {
		return nil, usageError{fmt.Errorf("--db forecasts that database's accounts and best leads as the dashboard does (the built-in sequence, or with --campaign NAME that campaign's own sequence, list and accounts; the paceline strategy, seed 1), so %s cannot be given with it: leave %s out, or leave out --db for a made-up campaign",
			strings.Join(given, ", "), map[bool]string{true: "it", false: "them"}[len(given) == 1])}
	}
	ctx := cmd.Context()
	st, ok, err := a.appStoreIfExists(ctx)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, a.noDatabase(a.accountFirst())
	}
	defer st.Close()
	now, err := a.forecastStart(ctx, cmd, run, st)
	if err != nil {
		return nil, err
	}
	if campaign == "" {
		f, err := api.ForecastStore(ctx, st, st, runs, run.weeks, now)
		if err != nil {
			return nil, err
		}
		return &api.CampaignForecast{Forecast: f, Stored: true}, nil
	}
	campaigns, ok := st.(api.CampaignLister)
	if !ok {
		return nil, fmt.Errorf("the store of %s lists no campaigns", a.shownDB())
	}
	return api.ForecastCampaign(ctx, campaigns, st, st, campaign, runs, run.weeks, now)
}

// forecastStart is the first instant of a forecast of the database: --start, or the
// database's now as the dashboard's server would read it.
func (a *app) forecastStart(ctx context.Context, cmd *cobra.Command, run *simFlags, st any) (time.Time, error) {
	if cmd.Flags().Changed("start") {
		return parseDate("start", run.start, time.UTC)
	}
	now, _, err := databaseNow(ctx, st, time.Now())
	if err != nil {
		return time.Time{}, fmt.Errorf("read the clock of %s: %w", a.shownDB(), err)
	}
	return now, nil
}

// forecastDBLimits says, for the help, the bounds a forecast of the database shares
// with the dashboard's.
var forecastDBLimits = fmt.Sprintf("at most %d runs of %d weeks and its best %d leads", api.ForecastMaxRuns, api.ForecastMaxWeeks, api.ForecastMaxLeads)
