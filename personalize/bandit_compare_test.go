package personalize

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// armRun is one simulated campaign step: variants with true success rates unknown to
// the chooser, a number of sends, and the lag (in sends) before an outcome is known,
// since accepts and replies arrive days after the send.
type armRun struct {
	rates []float64
	sends int
	lag   int
}

// thompson runs the step with a Bandit and returns the successes.
func (c armRun) thompson(t testing.TB, seed uint64) int {
	ids := make([]string, len(c.rates))
	for i := range ids {
		ids[i] = fmt.Sprint(i)
	}
	b, err := NewBandit(ids...)
	if err != nil {
		t.Fatal(err)
	}
	choose := rand.New(rand.NewPCG(seed, 1))
	world := rand.New(rand.NewPCG(seed, 2))
	type outcome struct {
		id string
		ok bool
	}
	pending := make([]outcome, 0, c.sends)
	total := 0
	for n := range c.sends {
		id := b.Choose(choose)
		if err := b.RecordSend(id); err != nil {
			t.Fatal(err)
		}
		ok := world.Float64() < c.rates[int(id[0]-'0')]
		pending = append(pending, outcome{id, ok})
		if ok {
			total++
		}
		if k := n - c.lag; k >= 0 && pending[k].ok {
			if err := b.RecordSuccess(pending[k].id); err != nil {
				t.Fatal(err)
			}
		}
	}
	return total
}

// even sends each variant to every len(rates)-th lead and returns the successes.
func (c armRun) even(seed uint64) int {
	world := rand.New(rand.NewPCG(seed, 2))
	total := 0
	for n := range c.sends {
		if world.Float64() < c.rates[n%len(c.rates)] {
			total++
		}
	}
	return total
}

// compare returns the mean successes per run of both policies over runs seeds, and the
// standard error of the mean difference.
func (c armRun) compare(t testing.TB, runs int) (bandit, even, se float64) {
	var sum, sumEven, sumSq float64
	for s := range runs {
		a, e := float64(c.thompson(t, uint64(s))), float64(c.even(uint64(s)+1_000_000))
		sum, sumEven, sumSq = sum+a, sumEven+e, sumSq+(a-e)*(a-e)
	}
	n := float64(runs)
	bandit, even = sum/n, sumEven/n
	d := bandit - even
	return bandit, even, math.Sqrt((sumSq/n - d*d) / n)
}

// TestBanditBeatsEvenSplit is the comparison harness: three note variants whose true
// accept rates are 10%, 14% and 20%, 1,500 sends per run, 200 seeded runs per policy.
// The bandit must collect more successes than a fixed even split on average, by a
// margin far outside the noise, with immediate outcomes and with outcomes that arrive
// 300 sends late (about three weeks of invites on a busy account).
func TestBanditBeatsEvenSplit(t *testing.T) {
	t.Parallel()
	for _, lag := range []int{0, 300} {
		c := armRun{rates: []float64{0.10, 0.14, 0.20}, sends: 1500, lag: lag}
		bandit, even, se := c.compare(t, 200)
		best := 0.20 * float64(c.sends)
		t.Logf("lag %d sends: Thompson %.1f successes per %d sends, even split %.1f (+%.1f%%, ±%.1f), always-best %.0f",
			lag, bandit, c.sends, even, 100*(bandit-even)/even, se, best)
		if bandit-even < 5*se {
			t.Errorf("lag %d: Thompson %.1f vs even split %.1f (standard error %.1f): the bandit does not clearly win", lag, bandit, even, se)
		}
		if bandit > best+3*math.Sqrt(best) {
			t.Errorf("lag %d: Thompson %.1f beats always sending the best variant (%.0f): the harness is broken", lag, bandit, best)
		}
	}
}

// TestBanditNoWorseWhenVariantsTie checks the other side: when the variants are equally
// good, learning must cost nothing measurable.
func TestBanditNoWorseWhenVariantsTie(t *testing.T) {
	t.Parallel()
	c := armRun{rates: []float64{0.15, 0.15, 0.15}, sends: 1500}
	bandit, even, se := c.compare(t, 200)
	if math.Abs(bandit-even) > 5*se {
		t.Errorf("tied variants: Thompson %.1f vs even split %.1f (standard error %.1f)", bandit, even, se)
	}
}

// BenchmarkBanditVsEvenSplit publishes the comparison figure: successes per 1,000 sends
// for each policy (go test -bench BanditVsEvenSplit -run ^$ ./personalize).
func BenchmarkBanditVsEvenSplit(b *testing.B) {
	c := armRun{rates: []float64{0.10, 0.14, 0.20}, sends: 1500}
	var bandit, even float64
	for b.Loop() {
		bandit, even, _ = c.compare(b, 50)
	}
	b.ReportMetric(1000*bandit/float64(c.sends), "bandit-successes/1k-sends")
	b.ReportMetric(1000*even/float64(c.sends), "even-successes/1k-sends")
}

// BenchmarkBanditChoose measures one choice among three variants.
func BenchmarkBanditChoose(b *testing.B) {
	bd, err := NewBandit("a", "b", "c")
	if err != nil {
		b.Fatal(err)
	}
	for i, id := range []string{"a", "b", "c"} {
		if err := bd.Observe(id, 300, 30+10*i); err != nil {
			b.Fatal(err)
		}
	}
	r := rand.New(rand.NewPCG(1, 1))
	b.ReportAllocs()
	for b.Loop() {
		bd.Choose(r)
	}
}
