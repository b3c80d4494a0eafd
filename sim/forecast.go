package sim

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/sequence"
)

// MaxForecastRuns bounds a forecast: past a few thousand runs the percentiles no longer
// move, and the time does.
const MaxForecastRuns = 100_000

// Forecast is a Monte Carlo forecast: the same campaign run with seeds Seed, Seed+1, ...
// Only the platform's answers change from run to run (hidden limits, who accepts and
// replies, and when); the leads, accounts, sequence and strategy stay the same, so the
// spread is what chance alone does to the campaign.
type Forecast struct {
	Strategy string    `json:"strategy"`
	Accounts int       `json:"accounts"`
	Leads    int       `json:"leads"`
	Weeks    int       `json:"weeks"`
	Runs     int       `json:"runs"`
	Seed     uint64    `json:"seed"` // the first run's seed
	Start    time.Time `json:"start"`
	// CompletionDays are the percentiles of the day the last enrollment ended. A run
	// that did not finish within Weeks counts as later than any that did, so a
	// percentile that falls on such runs is null: "not finished by then".
	CompletionDays Percentiles `json:"completion_days"`
	// Finished is how many runs finished every enrollment within Weeks.
	Finished int         `json:"finished_runs"`
	Accepted Percentiles `json:"accepted"`
	Replied  Percentiles `json:"replied"`
	// Actions holds the percentiles of done actions per kind.
	Actions map[string]Percentiles `json:"actions"`
	// LimitNotices and Restrictions are the platform's push-backs, per run.
	LimitNotices Percentiles `json:"limit_notices"`
	Restrictions Percentiles `json:"restrictions"`
	// PausedRuns is how many runs the engine paused for a low acceptance rate (see
	// Result.PausedReason); a simulated campaign is never resumed, so such a run
	// invites nobody after its pause.
	PausedRuns int `json:"paused_runs"`
	// PausedDay holds the percentiles, across the paused runs only, of the day their
	// invites stopped (Stalls.PausedDay); all null when no run paused.
	PausedDay Percentiles `json:"paused_day"`
	// HeldRuns is how many runs ended with leads held for a person (Result.Held: a
	// blank field a text needs, a note too long); HeldFor groups their held leads by
	// why, each with the most leads one run held for it (LeadCount.Field names a blank
	// field). A held lead sends nothing more, so the figures above leave it out.
	HeldRuns int         `json:"held_runs,omitempty"`
	HeldFor  []LeadCount `json:"held_for,omitempty"`
	// Replies is the cumulative number of replies at the end of each day of the run,
	// as percentiles across runs: the chart's band and line.
	Replies     []DayPercentiles `json:"replies_by_day"`
	Parallel    int              `json:"parallel"`
	WallSeconds float64          `json:"wall_seconds"`
	// Notes say what the forecast assumes or leaves out (ForecastConfig.Notes).
	Notes []string `json:"notes,omitempty"`
}

// Percentiles are the 10th, 50th and 90th percentiles of a figure across runs; a nil
// one is "not reached" (see Forecast.CompletionDays).
type Percentiles struct {
	P10 *float64 `json:"p10"`
	P50 *float64 `json:"p50"`
	P90 *float64 `json:"p90"`
}

// DayPercentiles are the percentiles of a cumulative count at the end of one day.
type DayPercentiles struct {
	Day int     `json:"day"` // days from the start; day 1 ends 24 h after it
	P10 float64 `json:"p10"`
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
}

// ForecastConfig is a forecast: the campaign, how many runs and how many at once.
type ForecastConfig struct {
	Config
	// Runs is the number of runs, from 1 to MaxForecastRuns.
	Runs int
	// Parallel is how many runs go at once; 0 or 1 is one at a time, and more than
	// the machine's CPUs gives no speed.
	Parallel int
	// Notes say what the forecast assumes or leaves out that its figures do not show
	// (accounts left out, a database's leads already enrolled); Forecast.Notes repeats
	// them.
	Notes []string
	// Progress, when set, is called after each run with the number done so far, from
	// one goroutine at a time.
	Progress func(done, total int)
}

// RunForecast runs the campaign cfg.Runs times with consecutive seeds and sums the runs
// up. The result does not depend on Parallel: runs are collected by seed.
func RunForecast(ctx context.Context, cfg ForecastConfig) (*Forecast, error) {
	wall := time.Now()
	if cfg.Runs < 1 || cfg.Runs > MaxForecastRuns {
		return nil, paceline.FieldErrorf("runs", "%d is not from 1 to %d", cfg.Runs, MaxForecastRuns)
	}
	workers := min(max(cfg.Parallel, 1), cfg.Runs)
	// Parsed once and shared: a sequence is read-only once parsed.
	if cfg.Sequence == nil {
		cfg.Sequence = sequence.Default()
	}
	// One bad input fails every run alike: find it once, before starting them all. The
	// run built to find it hands its room to the first worker.
	check, err := newRun(cfg.Config, nil, false)
	if err != nil {
		return nil, err
	}
	var first runMemory
	check.release(&first)
	summaries := make([]runSummary, cfg.Runs)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		firstErr error
		done     int
		wg       sync.WaitGroup
	)
	next := make(chan int)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mem runMemory // each worker's runs hand their room on to its next run
			if w == 0 {
				mem, first = first, runMemory{}
			}
			for i := range next {
				c := cfg.Config
				c.Seed = cfg.Seed + uint64(i)
				res, pausedDay, held, err := playOutcomes(ctx, c, &mem)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("run %d (seed %d): %w", i+1, c.Seed, err)
					cancel()
				}
				if err == nil {
					summaries[i] = summarize(res, c)
					summaries[i].pausedDay = float64(pausedDay)
					summaries[i].held = held
					mem.takeReplies(res.RepliedAt) // counted by day now
					done++
					if cfg.Progress != nil {
						cfg.Progress(done, cfg.Runs)
					}
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := range cfg.Runs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f := aggregate(cfg, summaries)
	f.Parallel = workers
	f.WallSeconds = math.Round(time.Since(wall).Seconds()*1000) / 1000
	return f, nil
}

// runOutcomes runs one campaign for its outcomes only: a forecast reads counts and
// reply times, so the run counts its actions without keeping a ledger, and the audit
// (which `paceline simulate` reports) is skipped. The run takes the engine's tables
// from mem and gives them back.
func runOutcomes(ctx context.Context, cfg Config, mem *runMemory) (*Result, error) {
	res, _, _, err := playOutcomes(ctx, cfg, mem)
	return res, err
}

// playOutcomes is runOutcomes that also returns the day the run's invites stopped
// for a low-acceptance pause (Stalls.PausedDay), 0 when it did not pause, and its held
// leads by why (nil when none is held).
func playOutcomes(ctx context.Context, cfg Config, mem *runMemory) (*Result, int, map[string]int, error) {
	r, err := newRun(cfg, mem, false)
	if err != nil {
		return nil, 0, nil, err
	}
	if err := r.loop(ctx); err != nil {
		return nil, 0, nil, err
	}
	res := r.outcomes()
	pausedDay := 0
	if res.PausedReason != "" {
		last, _ := r.pause()
		pausedDay = max(1, r.day(last))
	}
	var held map[string]int
	if res.Held > 0 {
		held = map[string]int{}
		for _, e := range r.g.Enrollments() {
			if e.State == engine.Held {
				held[e.Fallback]++
			}
		}
	}
	r.release(mem)
	if len(res.RepliedAt) == 0 {
		res.RepliedAt = nil // as a run on fresh memory has it
	}
	return res, pausedDay, held, nil
}

// runSummary is what a forecast keeps of one run.
type runSummary struct {
	completion   float64 // days; +Inf when unfinished
	accepted     float64
	replied      float64
	notices      float64
	restrictions float64
	pausedDay    float64        // the day its invites stopped for a pause; 0 when unpaused
	held         map[string]int // held leads by why; nil when none
	actions      map[string]int
	repliesByDay []int // cumulative, index d = by the end of day d+1
}

func summarize(res *Result, cfg Config) runSummary {
	s := runSummary{
		completion: math.Inf(1), accepted: float64(res.Accepted), replied: float64(res.Replied),
		notices: float64(res.LimitNotices), restrictions: float64(res.Restrictions), actions: res.Actions,
		repliesByDay: make([]int, cfg.Weeks*7),
	}
	if res.CompletionDays != nil {
		s.completion = *res.CompletionDays
	}
	start := cfg.Start
	if start.IsZero() {
		start = DefaultStart
	}
	for _, at := range res.RepliedAt {
		if d := int(at.Sub(start) / (24 * time.Hour)); d >= 0 && d < len(s.repliesByDay) {
			s.repliesByDay[d]++
		}
	}
	for d := 1; d < len(s.repliesByDay); d++ {
		s.repliesByDay[d] += s.repliesByDay[d-1]
	}
	return s
}

// aggregate turns the runs into percentiles.
func aggregate(cfg ForecastConfig, runs []runSummary) *Forecast {
	start := cfg.Start
	if start.IsZero() {
		start = DefaultStart
	}
	strategy := cfg.Strategy
	f := &Forecast{
		Strategy: string(strategy), Accounts: len(cfg.Accounts), Leads: len(cfg.Leads), Weeks: cfg.Weeks,
		Runs: len(runs), Seed: cfg.Seed, Start: start, Actions: map[string]Percentiles{}, Notes: cfg.Notes,
	}
	pick := func(get func(runSummary) float64) Percentiles {
		xs := make([]float64, len(runs))
		for i, r := range runs {
			xs[i] = get(r)
		}
		return percentiles(xs)
	}
	f.CompletionDays = pick(func(r runSummary) float64 { return r.completion })
	f.Accepted = pick(func(r runSummary) float64 { return r.accepted })
	f.Replied = pick(func(r runSummary) float64 { return r.replied })
	f.LimitNotices = pick(func(r runSummary) float64 { return r.notices })
	f.Restrictions = pick(func(r runSummary) float64 { return r.restrictions })
	var paused []float64
	for _, r := range runs {
		if !math.IsInf(r.completion, 1) {
			f.Finished++
		}
		if r.pausedDay > 0 {
			paused = append(paused, r.pausedDay)
		}
	}
	f.PausedRuns = len(paused)
	f.PausedDay = percentiles(paused)
	most := map[string]int{}
	for _, r := range runs {
		if len(r.held) > 0 {
			f.HeldRuns++
		}
		for why, n := range r.held {
			most[why] = max(most[why], n)
		}
	}
	if len(most) > 0 {
		f.HeldFor = leadCounts(most)
	}
	kinds := map[string]bool{}
	for _, r := range runs {
		for k := range r.actions {
			kinds[k] = true
		}
	}
	for k := range kinds {
		f.Actions[k] = pick(func(r runSummary) float64 { return float64(r.actions[k]) })
	}
	days := cfg.Weeks * 7
	f.Replies = make([]DayPercentiles, days)
	xs := make([]float64, len(runs))
	for d := range days {
		for i, r := range runs {
			xs[i] = float64(r.repliesByDay[d])
		}
		p := percentiles(xs)
		f.Replies[d] = DayPercentiles{Day: d + 1, P10: *p.P10, P50: *p.P50, P90: *p.P90}
	}
	return f
}

// percentiles returns the 10th, 50th and 90th percentiles of xs, interpolated between
// the two nearest runs (the usual "type 7" definition), rounded to 0.1. A percentile
// that touches an infinite value is nil. xs is sorted in place.
func percentiles(xs []float64) Percentiles {
	sort.Float64s(xs)
	return Percentiles{P10: quantile(xs, 0.1), P50: quantile(xs, 0.5), P90: quantile(xs, 0.9)}
}

// quantile is the q-quantile of the sorted xs, or nil when it is not finite.
func quantile(sorted []float64, q float64) *float64 {
	if len(sorted) == 0 {
		return nil
	}
	pos := q * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(sorted)-1)
	v := sorted[lo]
	if frac := pos - float64(lo); frac > 0 {
		if math.IsInf(sorted[hi], 0) {
			return nil
		}
		v += frac * (sorted[hi] - sorted[lo])
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return nil
	}
	v = math.Round(v*10) / 10
	return &v
}

// DefaultParallel is how many runs a forecast does at once when asked to use the whole
// machine: one per CPU.
func DefaultParallel() int { return runtime.NumCPU() }
