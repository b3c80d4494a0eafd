package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/sim"
)

// Bounds of a forecast asked from the dashboard: enough for a useful spread, small
// enough that one page cannot keep the server busy for minutes.
const (
	forecastMaxRuns  = 200
	forecastMaxWeeks = 26
	forecastMaxLeads = 5000
	forecastTimeout  = 60 * time.Second
)

type forecastData struct {
	Runs, Weeks int
	Leads       int
	Accounts    int
	F           *sim.Forecast
	Chart       template.HTML
}

// forecastPage runs a Monte Carlo forecast of this database's accounts and best leads
// (up to 5,000) with the default sequence, when asked (?runs=&weeks=), and shows the
// percentiles and the chart of cumulative replies.
func (s *Server) forecastPage(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	q := r.URL.Query()
	d := forecastData{Runs: 20, Weeks: 8}
	if q.Get("runs") == "" {
		s.render(w, r, http.StatusOK, "forecast", s.page(sess, "Forecast", "forecast", d))
		return nil
	}
	var err error
	if d.Runs, err = boundedInt(q.Get("runs"), "runs", 1, forecastMaxRuns); err != nil {
		return err
	}
	if d.Weeks, err = boundedInt(q.Get("weeks"), "weeks", 1, forecastMaxWeeks); err != nil {
		return err
	}
	accts, err := s.deps.API.Accounts.Accounts(r.Context())
	if err != nil {
		return err
	}
	var seats []sim.Seat
	for _, a := range accts {
		seats = append(seats, sim.Seat{Name: a.Name, Type: a.Type})
	}
	if len(seats) == 0 {
		return paceline.Errorf(paceline.EINVALID, "there is no account to forecast: add one with paceline accounts add")
	}
	leads, err := s.deps.API.Leads.ListLeads(r.Context(), paceline.LeadFilter{Limit: forecastMaxLeads})
	if err != nil {
		return err
	}
	if len(leads) == 0 {
		return paceline.Errorf(paceline.EINVALID, "there is no lead to forecast: import some with paceline leads import")
	}
	d.Leads, d.Accounts = len(leads), len(seats)
	ctx, cancel := context.WithTimeout(r.Context(), forecastTimeout)
	defer cancel()
	d.F, err = sim.RunForecast(ctx, sim.ForecastConfig{
		Config: sim.Config{Accounts: seats, Leads: leads, Weeks: d.Weeks, Seed: 1, Strategy: sim.Paceline,
			Start: s.now().UTC().Truncate(time.Hour)},
		Runs: d.Runs, Parallel: sim.DefaultParallel(),
	})
	if err != nil {
		if ctx.Err() != nil {
			return paceline.Errorf(paceline.EUNAVAILABLE, "the forecast took longer than %s: ask for fewer runs or weeks", forecastTimeout)
		}
		return err
	}
	var b bytes.Buffer
	if err := sim.WriteChart(&b, d.F); err != nil {
		return err
	}
	// sim.WriteChart writes SVG from numbers and XML-escaped labels only.
	d.Chart = template.HTML(b.String())
	s.render(w, r, http.StatusOK, "forecast", s.page(sess, "Forecast", "forecast", d))
	return nil
}

func boundedInt(s, name string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, paceline.FieldErrorf(name, "%q is not a whole number from %d to %d", s, lo, hi)
	}
	return n, nil
}
