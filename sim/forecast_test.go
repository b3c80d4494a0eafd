package sim

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

func forecastConfig(t *testing.T, runs, parallel int) ForecastConfig {
	t.Helper()
	seats, err := ParseSeats("free:2,sales-navigator:1")
	if err != nil {
		t.Fatal(err)
	}
	return ForecastConfig{
		Config: Config{Accounts: seats, Leads: Leads(300, rand.New(rand.NewPCG(3, 4))), Weeks: 5, Seed: 11, Strategy: Paceline},
		Runs:   runs, Parallel: parallel,
	}
}

func TestForecastSameInParallel(t *testing.T) {
	t.Parallel()
	one, err := RunForecast(context.Background(), forecastConfig(t, 6, 1))
	if err != nil {
		t.Fatal(err)
	}
	two, err := RunForecast(context.Background(), forecastConfig(t, 6, 2))
	if err != nil {
		t.Fatal(err)
	}
	if two.Parallel != 2 {
		t.Errorf("parallel = %d, want 2", two.Parallel)
	}
	one.WallSeconds, two.WallSeconds, one.Parallel, two.Parallel = 0, 0, 0, 0
	if !reflect.DeepEqual(one, two) {
		t.Errorf("a forecast in parallel differs from one run by one:\n%+v\n%+v", one, two)
	}
}

func TestForecastSumsUpTheRuns(t *testing.T) {
	t.Parallel()
	cfg := forecastConfig(t, 5, 2)
	cfg.Weeks = 3
	f, err := RunForecast(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// The same runs one by one, through Run: the forecast's percentiles must lie
	// within their range, and its median be theirs.
	var replied []float64
	for i := range cfg.Runs {
		c := cfg.Config
		c.Seed = cfg.Seed + uint64(i)
		res, err := Run(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		replied = append(replied, float64(res.Replied))
	}
	want := percentiles(replied)
	if *f.Replied.P50 != *want.P50 || *f.Replied.P10 != *want.P10 || *f.Replied.P90 != *want.P90 {
		t.Errorf("replied = %v/%v/%v, runs one by one give %v/%v/%v",
			*f.Replied.P10, *f.Replied.P50, *f.Replied.P90, *want.P10, *want.P50, *want.P90)
	}
	if f.Runs != 5 || f.Leads != 300 || f.Accounts != 3 || len(f.Replies) != 21 {
		t.Errorf("header: runs %d leads %d accounts %d days %d", f.Runs, f.Leads, f.Accounts, len(f.Replies))
	}
	for _, p := range []Percentiles{f.Accepted, f.Replied, f.Actions["invite"]} {
		if p.P10 == nil || p.P50 == nil || p.P90 == nil || *p.P10 > *p.P50 || *p.P50 > *p.P90 {
			t.Errorf("percentiles out of order: %+v", p)
		}
	}
	if *f.Actions["invite"].P50 == 0 {
		t.Error("no invites in the median run")
	}
	// 300 leads cannot all finish in three weeks: completion is "not reached".
	if f.CompletionDays.P50 != nil || f.Finished != 0 {
		t.Errorf("completion = %+v with %d finished runs, want null", f.CompletionDays, f.Finished)
	}
	prev := DayPercentiles{}
	for _, d := range f.Replies {
		if d.P10 > d.P50 || d.P50 > d.P90 || d.P50 < prev.P50 || d.P90 < prev.P90 {
			t.Fatalf("day %d: %+v after %+v: a cumulative count must not fall and percentiles must be ordered", d.Day, d, prev)
		}
		prev = d
	}
	// Replies after the last day boundary still count in the total, not in the curve.
	if last := f.Replies[len(f.Replies)-1]; last.P90 > *f.Replied.P90+1e-9 {
		t.Errorf("curve ends at P90 %v above the total's P90 %v", last.P90, *f.Replied.P90)
	}
}

func TestForecastBadInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		edit  func(*ForecastConfig)
		field string
	}{
		{"no runs", func(c *ForecastConfig) { c.Runs = 0 }, "runs"},
		{"too many runs", func(c *ForecastConfig) { c.Runs = MaxForecastRuns + 1 }, "runs"},
		{"no accounts", func(c *ForecastConfig) { c.Accounts = nil }, "accounts"},
		{"unknown strategy", func(c *ForecastConfig) { c.Strategy = "greedy" }, "strategy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := forecastConfig(t, 3, 1)
			tc.edit(&cfg)
			_, err := RunForecast(context.Background(), cfg)
			var pe *paceline.Error
			if err == nil || !asError(err, &pe) || pe.Field != tc.field || pe.Code != paceline.EINVALID {
				t.Errorf("error = %v, want EINVALID on %s", err, tc.field)
			}
		})
	}
}

func TestForecastCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := RunForecast(ctx, forecastConfig(t, 4, 2)); err == nil {
		t.Error("a cancelled forecast returned no error")
	}
}

func TestPercentiles(t *testing.T) {
	t.Parallel()
	inf := math.Inf(1)
	for _, tc := range []struct {
		name          string
		xs            []float64
		p10, p50, p90 any // float64, or nil for "not reached"
	}{
		{"one", []float64{7}, 7.0, 7.0, 7.0},
		{"interpolated", []float64{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, 10.0, 50.0, 90.0},
		{"unsorted", []float64{3, 1, 2}, 1.2, 2.0, 2.8},
		{"rounded", []float64{1, 2}, 1.1, 1.5, 1.9},
		{"half unfinished", []float64{10, 12, inf, inf}, 10.6, nil, nil},
		{"all unfinished", []float64{inf, inf}, nil, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := percentiles(append([]float64(nil), tc.xs...))
			for i, pair := range []struct {
				got  *float64
				want any
			}{{p.P10, tc.p10}, {p.P50, tc.p50}, {p.P90, tc.p90}} {
				switch w := pair.want.(type) {
				case nil:
					if pair.got != nil {
						t.Errorf("percentile %d = %v, want null", i, *pair.got)
					}
				case float64:
					if pair.got == nil || math.Abs(*pair.got-w) > 1e-9 {
						t.Errorf("percentile %d = %v, want %v", i, pair.got, w)
					}
				}
			}
		})
	}
}

func TestWriteChart(t *testing.T) {
	t.Parallel()
	f, err := RunForecast(context.Background(), forecastConfig(t, 4, 2))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteChart(&b, f); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	// Well-formed XML, with the parts a reader needs.
	dec := xml.NewDecoder(strings.NewReader(svg))
	elements := map[string]int{}
	var texts []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			elements[tok.Name.Local]++
		case xml.CharData:
			texts = append(texts, string(tok))
		}
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{"Cumulative replies: 4 runs, paceline, 3 accounts × 300 leads, 5 weeks",
		"P10–P90 across runs", "median (P50)", "day 0", "day 35", "5 Jan", "9 Feb", "replies so far"} {
		if !strings.Contains(all, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	if elements["polygon"] != 1 || elements["polyline"] != 1 || elements["svg"] != 1 {
		t.Errorf("elements = %v, want one svg, one band polygon, one median polyline", elements)
	}
	// The band has a point per day and the origin on its upper edge, and a point per
	// day on its lower edge.
	start := strings.Index(svg, `<polygon points="`) + len(`<polygon points="`)
	points := strings.Fields(svg[start : start+strings.Index(svg[start:], `"`)])
	if want := 1 + 2*len(f.Replies); len(points) != want {
		t.Errorf("band has %d points, want %d", len(points), want)
	}
}

func TestNiceStep(t *testing.T) {
	t.Parallel()
	for raw, want := range map[float64]float64{0: 1, 0.4: 1, 1: 1, 1.5: 2, 3: 5, 7: 10, 12: 20, 45: 50, 51: 100, 230: 500} {
		if got := niceStep(raw); got != want {
			t.Errorf("niceStep(%v) = %v, want %v", raw, got, want)
		}
	}
}
