package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/sim"
)

// Bounds of a forecast asked over HTTP: enough for a useful spread, small enough that
// one request cannot keep the server busy for minutes.
const (
	ForecastMaxRuns  = 200
	ForecastMaxWeeks = 26
	ForecastMaxLeads = 5000
	ForecastTimeout  = time.Minute
)

// ForecastStore runs a Monte Carlo forecast (sim.RunForecast) of the stored accounts
// and best leads not running in a campaign (up to ForecastMaxLeads) with the default
// sequence, from now; its Notes say what it starts from and leaves out
// (ForecastCampaign forecasts a stored campaign instead). Errors:
// EINVALID for bounds or an empty database, EUNAVAILABLE when it takes longer than
// ForecastTimeout.
func ForecastStore(ctx context.Context, accounts paceline.AccountStore, leads paceline.LeadStore, runs, weeks int, now time.Time) (*sim.Forecast, error) {
	if err := checkForecast(runs, weeks); err != nil {
		return nil, err
	}
	accts, err := accounts.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	if len(accts) == 0 {
		return nil, paceline.Errorf(paceline.EINVALID, "there is no account to forecast: add one with paceline accounts add")
	}
	seats, notes, err := forecastSeats(accts)
	if err != nil {
		return nil, err
	}
	if len(seats) == 0 {
		return nil, paceline.Errorf(paceline.EINVALID, "every account is paused, so the forecast has none to send from: resume one with paceline accounts resume NAME")
	}
	list, left, told, err := forecastLeads(ctx, leads, "", "")
	if err != nil {
		return nil, err
	}
	allRunning := len(list) == 0 && left > 0
	if allRunning {
		// Every lead runs in a campaign (a demo, a database whose campaigns took all):
		// the page would have nothing to show, so it shows those leads as a new
		// campaign would do them, and its first note says that is all it is.
		if list, err = leads.ListLeads(ctx, paceline.LeadFilter{Limit: ForecastMaxLeads}); err != nil {
			return nil, err
		}
	}
	if len(list) == 0 {
		return nil, paceline.Errorf(paceline.EINVALID, "there is no lead to forecast: import some with paceline leads import")
	}
	sent, ledger, err := withHistory(ctx, accounts, seats, forecastStart(now))
	if err != nil {
		return nil, err
	}
	first := startNote(now, len(list), left, told, "running in a campaign", sent, ledger)
	if allRunning {
		// Not "N leads not yet enrolled (left out: N already running)": the same leads.
		_, week, _ := strings.Cut(first, "; ")
		first = fmt.Sprintf("every lead already runs in a campaign, so this forecasts the best %s as a new campaign would do them from scratch, from %s, not how their campaigns go on (paceline campaigns status shows that); %s",
			plural.Count(len(list), "lead"), forecastStart(now).Format("2006-01-02 15:04 UTC"), week)
	}
	notes = append([]string{first}, notes...)
	return runStoreForecast(ctx, sim.Config{Accounts: seats, Leads: list}, notes, runs, weeks, now)
}

// runStoreForecast runs the forecast of the stored accounts and leads in cfg as the
// dashboard does: runs of weeks from now (to the hour), seed 1, the paceline strategy,
// at most ForecastTimeout.
func runStoreForecast(ctx context.Context, cfg sim.Config, notes []string, runs, weeks int, now time.Time) (*sim.Forecast, error) {
	ctx, cancel := context.WithTimeout(ctx, ForecastTimeout)
	defer cancel()
	cfg.Weeks, cfg.Seed, cfg.Strategy, cfg.Start = weeks, 1, sim.Paceline, forecastStart(now)
	f, err := sim.RunForecast(ctx, sim.ForecastConfig{Config: cfg, Runs: runs, Parallel: sim.DefaultParallel(), Notes: notes})
	if err != nil && ctx.Err() == context.DeadlineExceeded {
		return nil, paceline.Errorf(paceline.EUNAVAILABLE, "the forecast took longer than %s: ask for fewer runs or weeks", ForecastTimeout)
	}
	return f, err
}

func checkForecast(runs, weeks int) error {
	if runs < 1 || runs > ForecastMaxRuns {
		return paceline.FieldErrorf("runs", "%d is not from 1 to %d", runs, ForecastMaxRuns)
	}
	if weeks < 1 || weeks > ForecastMaxWeeks {
		return paceline.FieldErrorf("weeks", "%d is not from 1 to %d", weeks, ForecastMaxWeeks)
	}
	return nil
}

// Forecast runs ForecastStore on the server's stores, one forecast at a time: each
// uses every core, so eight at once took twelve times as long each (49 s against 4 s
// for 200 runs of 26 weeks) and a client that asked for more could keep the server
// busy for minutes. A forecast asked while another runs waits for it, at most
// ForecastTimeout or until its caller goes away. Errors: those of ForecastStore, and
// EUNAVAILABLE when the wait runs out.
func (a *API) Forecast(ctx context.Context, runs, weeks int) (*sim.Forecast, error) {
	if err := checkForecast(runs, weeks); err != nil {
		return nil, err
	}
	wait, cancel := context.WithTimeout(ctx, ForecastTimeout)
	defer cancel()
	select {
	case a.forecasting <- struct{}{}:
		defer func() { <-a.forecasting }()
	case <-wait.Done():
		return nil, paceline.Errorf(paceline.EUNAVAILABLE, "other forecasts kept the server busy (one runs at a time): try again in a minute")
	}
	return ForecastStore(ctx, a.deps.Accounts, a.deps.Leads, runs, weeks, a.deps.now())
}

// intParam reads a whole-number query parameter, def when absent.
func intParam(r *http.Request, name string, def int) (int, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, paceline.FieldErrorf(name, "%q is not a whole number", s)
	}
	return n, nil
}

func (a *API) forecast(w http.ResponseWriter, r *http.Request) error {
	runs, err := intParam(r, "runs", 20)
	if err != nil {
		return err
	}
	weeks, err := intParam(r, "weeks", 8)
	if err != nil {
		return err
	}
	f, err := a.Forecast(r.Context(), runs, weeks)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, f)
	return nil
}

// seatOf is the simulated seat of a stored account. A LinkedIn account without a
// mailbox of its own sends no email under serve: its leads skip email steps in the
// forecast too. The seat is paced by the account's own limits.Config
// (limits.ConfigFor): its caps and overrides (accounts set --cap, --limit), working
// days and hours in its time zone, and the warm-up from the day it was opened, as
// serve paces the account; and its sender name signs the seat's texts
// ({{sender_first_name}}), as serve signs the account's.
func seatOf(a *paceline.Account) (sim.Seat, error) {
	cfg, err := limits.ConfigFor(a)
	if err != nil {
		return sim.Seat{}, fmt.Errorf("the settings of account %s: %w", a.Name, err)
	}
	return sim.Seat{Name: a.Name, Type: a.Type, NoMailbox: a.Type != paceline.TypeEmail && !a.Mailbox,
		SenderName: a.SenderName, Limits: &cfg}, nil
}

// forecastSeats are the simulated seats of the stored accounts accts, and the notes
// that say which were left out or modelled otherwise than serve runs them: a paused
// account sends nothing, so it is left out (a forecast that counted it promised what
// no run would send); an assisted account (executor assist) is modelled as if it
// carried out its own actions on time, since how fast a person does its tasks is not
// known, and the note says the figures are then an upper bound for it.
func forecastSeats(accts []*paceline.Account) ([]sim.Seat, []string, error) {
	seats := make([]sim.Seat, 0, len(accts))
	var paused, assisted []string
	for _, a := range accts {
		if a.State == paceline.AccountPaused {
			paused = append(paused, a.Name)
			continue
		}
		if a.Executor == paceline.ExecutorAssist {
			assisted = append(assisted, a.Name)
		}
		s, err := seatOf(a)
		if err != nil {
			return nil, nil, err
		}
		seats = append(seats, s)
	}
	var notes []string
	if len(paused) > 0 {
		notes = append(notes, fmt.Sprintf("left out %s paused (%s): a paused account sends nothing (paceline accounts resume NAME to count it)",
			plural.Count(len(paused), "account"), strings.Join(paused, ", ")))
	}
	if len(assisted) > 0 {
		notes = append(notes, fmt.Sprintf("%s assisted (%s): a person carries out %s LinkedIn actions, which the forecast counts as done the moment the Pacer plans them, so %s figures are an upper bound",
			plural.Count(len(assisted), "account")+" "+plural.Verb(len(assisted), "is", "are"), strings.Join(assisted, ", "),
			plural.Verb(len(assisted), "its", "their"), plural.Verb(len(assisted), "its", "their")))
	}
	return seats, notes, nil
}
