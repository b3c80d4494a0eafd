package limits

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestDecideIntoAnswersAsDecide checks that DecideInto leaves in d exactly what Decide
// returns, whatever d held before (the engine's seat keeps each kind's last answer
// there: a note-quota answer with its flag, a never with its reason), over random
// account types and histories.
func TestDecideIntoAnswersAsDecide(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 5))
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	held := Decision{Kind: paceline.KindMessage, Allowed: true, At: start, Reason: ReasonNoteQuota, Used: 7, Cap: 9,
		Factor: 0.5, Until: start, NoteQuotaExhausted: true}
	checked := map[bool]int{}
	for round := 0; round < 60; round++ {
		cfg, err := NewConfig(paceline.AccountTypes[rng.IntN(len(paceline.AccountTypes))], time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Guards.MaxPending = 3 + rng.IntN(10)
		p, err := New(cfg, start)
		if err != nil {
			t.Fatal(err)
		}
		d, now := held, start
		for i := 0; i < 200; i++ {
			now = now.Add(time.Duration(rng.IntN(120)) * time.Minute)
			k := randomKinds[rng.IntN(len(randomKinds))]
			req := Request{Kind: k, Note: k == paceline.KindInvite && rng.IntN(2) == 0}
			want := copyPacer(p).Decide(now, req)
			if rng.IntN(4) == 0 {
				d = held
			}
			p.DecideInto(&d, now, req)
			if !reflect.DeepEqual(d, want) {
				t.Fatalf("%s %s at %s: DecideInto left %+v, Decide says %+v", cfg.Type, k, now, d, want)
			}
			checked[d.Allowed]++
			if d.Allowed || rng.IntN(3) == 0 {
				p.Record(paceline.Action{At: now, Account: "a", Kind: k, Lead: randomLead(rng),
					Result: paceline.ResultDone, WithNote: req.Note})
			}
			if rng.IntN(4) == 0 {
				p.Observe(randomEvent(rng, now))
			}
		}
	}
	if checked[true] == 0 || checked[false] == 0 {
		t.Fatalf("answers checked, by allowed: %v; want both", checked)
	}
}

// refDecider keeps every reason's figures, as the decider did before it kept only
// the latest push's and the binding reason's.
type refDecider struct {
	t          int64
	last, best Reason
	total      [numReasons]int64
	info       [numReasons]reasonInfo
}

func (x *refDecider) push(to int64, r Reason, info reasonInfo) {
	if to <= x.t {
		return
	}
	by := to - x.t
	x.t = to
	if r == ReasonOutsideHours && x.last != ReasonNone && x.last != ReasonOutsideHours {
		r = x.last // the wait for working hours is credited to the push before it
		x.info[r].thenHours = true
	} else {
		x.last = r
		x.info[r] = info
	}
	x.total[r] += by
	if t, b := x.total[r], x.total[x.best]; t > b || (t == b && r < x.best) {
		x.best = r
	}
}

// TestDeciderBindsAsPerReasonFigures pushes random constraints, working hours among
// them, and checks after each that the decider ranks the same reason first as one
// that keeps every reason's figures, and binds that reason's latest figures.
func TestDeciderBindsAsPerReasonFigures(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 13))
	reasons := []Reason{ReasonOutsideHours, ReasonOutsideHours, ReasonMinGap, ReasonSpacing, ReasonDailyBudget,
		ReasonWeeklyCap, ReasonDailyCap, ReasonWarmup}
	for round := 0; round < 2000; round++ {
		var d Decision
		x, ref := decider{t: 1000, d: &d}, refDecider{t: 1000}
		for i := 0; i < 1+rng.IntN(12); i++ {
			r := reasons[rng.IntN(len(reasons))]
			to := x.t + int64(rng.IntN(100)) - 20 // some pushes move nothing
			info := reasonInfo{used: rng.IntN(50), limit: rng.IntN(50), factor: rng.Float64(), until: to}
			x.push(to, r, info.used, info.limit, info.factor)
			ref.push(to, r, info)
			if x.best != ref.best {
				t.Fatalf("round %d push %d (%s): %s binds, want %s", round, i, r, x.best, ref.best)
			}
			if x.best != ReasonNone && x.bestInfo != ref.info[ref.best] {
				t.Fatalf("round %d push %d (%s): %s binds with %+v, want %+v", round, i, r, x.best, x.bestInfo, ref.info[ref.best])
			}
		}
		x.bind()
		if i := ref.info[ref.best]; ref.best != ReasonNone && (d.Reason != ref.best || d.Used != i.used || d.Cap != i.limit ||
			d.Factor != i.factor || !d.Until.Equal(time.Unix(0, i.until))) {
			t.Fatalf("round %d: bound %+v, want %s with %+v", round, d, ref.best, i)
		}
	}
}
