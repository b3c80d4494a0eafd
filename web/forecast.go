package web

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/sim"
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
	if d.Runs, err = boundedInt(q.Get("runs"), "runs", 1, api.ForecastMaxRuns); err != nil {
		return err
	}
	if d.Weeks, err = boundedInt(q.Get("weeks"), "weeks", 1, api.ForecastMaxWeeks); err != nil {
		return err
	}
	if d.F, err = s.api.Forecast(r.Context(), d.Runs, d.Weeks); err != nil {
		return err
	}
	d.Leads, d.Accounts = d.F.Leads, d.F.Accounts
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
