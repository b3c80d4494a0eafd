package sim

import (
	"bytes"
	"flag"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenForecast is a small forecast made by hand, so the chart's golden file does not
// move when the model does.
func goldenForecast() *Forecast {
	v := func(x float64) *float64 { return &x }
	f := &Forecast{
		Strategy: "paceline", Accounts: 2, Leads: 500, Weeks: 2, Runs: 50, Seed: 1,
		Start:          time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
		CompletionDays: Percentiles{P10: v(12.5), P50: v(13), P90: nil},
		Replied:        Percentiles{P10: v(31), P50: v(38), P90: v(47)},
	}
	for d := 1; d <= 14; d++ {
		x := float64(d)
		f.Replies = append(f.Replies, DayPercentiles{Day: d, P10: 2 * x, P50: 2.6 * x, P90: 3.3 * x})
	}
	return f
}

func TestChartGolden(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := WriteChart(&b, goldenForecast()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "forecast.golden.svg")
	if want := golden(t, path, b.Bytes()); !bytes.Equal(b.Bytes(), want) {
		t.Errorf("the chart differs from %s; look at both and run with -update if the change is meant", path)
	}
}

// TestChartWithoutRuns draws an empty forecast (no days) without dividing by zero.
func TestChartWithoutRuns(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := WriteChart(&b, &Forecast{Strategy: "daily"}); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b.Bytes(), []byte("NaN")) || bytes.Contains(b.Bytes(), []byte("Inf")) {
		t.Errorf("empty chart has NaN or Inf coordinates:\n%s", b.String())
	}
}
