package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/sim"
)

type forecastData struct {
	Runs, Weeks int
	Leads       int
	Accounts    int
	F           *sim.Forecast
	// MinAcceptance is the engine's default acceptance floor in percent, which the
	// paused runs fell under.
	MinAcceptance float64
	Chart         template.HTML
	// Typed is the form as the user typed it, Problems why it was refused.
	Typed    forecastForm
	Problems fieldProblems
}

// forecastForm is the forecast form's fields as the query has them.
type forecastForm struct {
	Runs, Weeks string
}

// Defaults of the forecast form: a parameter left out takes its default.
const (
	forecastRuns  = 20
	forecastWeeks = 8
)

// forecastPage runs a Monte Carlo forecast of this database's accounts and best leads
// (up to 5,000) with the default sequence, when asked (?runs=&weeks=, either one
// taking its default when left out), and shows the percentiles and the chart of
// cumulative replies. A value out of its range answers the form as typed with the
// range next to the field, rather than a forecast of the defaults.
func (s *Server) forecastPage(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	q := r.URL.Query()
	d := forecastData{Runs: forecastRuns, Weeks: forecastWeeks, Problems: fieldProblems{}, MinAcceptance: engine.DefaultMinAcceptance * 100,
		Typed: forecastForm{Runs: strconv.Itoa(forecastRuns), Weeks: strconv.Itoa(forecastWeeks)}}
	if !q.Has("runs") && !q.Has("weeks") {
		s.render(w, r, http.StatusOK, "forecast", s.page(sess, "Forecast", "forecast", d))
		return nil
	}
	if q.Has("runs") {
		d.Typed.Runs = q.Get("runs")
	}
	if q.Has("weeks") {
		d.Typed.Weeks = q.Get("weeks")
	}
	var err error
	if d.Runs, err = boundedInt(d.Typed.Runs, "runs", 1, api.ForecastMaxRuns); err != nil {
		d.Problems.add(err, "runs", "weeks")
	}
	if d.Weeks, err = boundedInt(d.Typed.Weeks, "weeks", 1, api.ForecastMaxWeeks); err != nil {
		d.Problems.add(err, "runs", "weeks")
	}
	if len(d.Problems) == 0 {
		d.F, err = s.api.Forecast(r.Context(), d.Runs, d.Weeks)
		if err != nil && !d.Problems.add(err, "runs", "weeks") {
			return err
		}
	}
	if len(d.Problems) > 0 {
		s.render(w, r, http.StatusBadRequest, "forecast", s.page(sess, "Forecast", "forecast", d))
		return nil
	}
	d.Leads, d.Accounts = d.F.Leads, d.F.Accounts
	var b bytes.Buffer
	if err := sim.WriteChart(&b, d.F); err != nil {
		return fmt.Errorf("forecast chart: %w", err)
	}
	// sim.WriteChart writes SVG from numbers and XML-escaped labels only.
	d.Chart = template.HTML(b.String())
	s.render(w, r, http.StatusOK, "forecast", s.page(sess, "Forecast", "forecast", d))
	return nil
}

// boundedInt reads the whole number s of the field name, from lo to hi.
func boundedInt(s, name string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < lo || n > hi {
		return 0, paceline.FieldErrorf(name, "%q is not a whole number from %d to %d", s, lo, hi)
	}
	return n, nil
}
