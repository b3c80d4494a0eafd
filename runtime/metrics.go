package runtime

import (
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the runtime's Prometheus series. A nil *Metrics records nothing, so tests
// and one-off commands need none.
type Metrics struct {
	Actions *prometheus.CounterVec   // paceline_actions_total{kind, result}
	Waiting *prometheus.GaugeVec     // paceline_pacer_waiting_steps{account, reason}
	Ticks   *prometheus.HistogramVec // paceline_tick_seconds{outcome}
}

// NewMetrics returns the series, registered with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Actions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "paceline_actions_total", Help: "Actions executed and recorded, by kind and result.",
		}, []string{"kind", "result"}),
		Waiting: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "paceline_pacer_waiting_steps", Help: "Due steps waiting for the Pacer after an account's latest tick, by the constraint that binds.",
		}, []string{"account", "reason"}),
		Ticks: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "paceline_tick_seconds", Help: "Wall time of one account tick job.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14),
		}, []string{"outcome"}),
	}
	reg.MustRegister(m.Actions, m.Waiting, m.Ticks)
	return m
}

func (m *Metrics) action(a *paceline.Action) {
	if m != nil {
		m.Actions.WithLabelValues(string(a.Kind), string(a.Result)).Inc()
	}
}

func (m *Metrics) waits(account string, g *engine.Engine) {
	if m == nil {
		return
	}
	m.Waiting.DeletePartialMatch(prometheus.Labels{"account": account})
	st, err := g.Status(account)
	if err != nil {
		return
	}
	for _, k := range st {
		m.Waiting.WithLabelValues(account, k.Reason.String()).Add(float64(k.Waiting))
	}
}

func (m *Metrics) tick(d time.Duration, err error) {
	if m == nil {
		return
	}
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.Ticks.WithLabelValues(outcome).Observe(d.Seconds())
}
