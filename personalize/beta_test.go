package personalize

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestBetaCDFClosedForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b float64
		cdf  func(x float64) float64
	}{
		{"uniform", 1, 1, func(x float64) float64 { return x }},
		{"Beta(2,1)", 2, 1, func(x float64) float64 { return x * x }},
		{"Beta(1,2)", 1, 2, func(x float64) float64 { return 1 - (1-x)*(1-x) }},
		{"Beta(1,30)", 1, 30, func(x float64) float64 { return 1 - math.Pow(1-x, 30) }},
		{"Beta(2,2)", 2, 2, func(x float64) float64 { return 3*x*x - 2*x*x*x }},
		{"Beta(50,1)", 50, 1, func(x float64) float64 { return math.Pow(x, 50) }},
	}
	for _, tt := range tests {
		for _, x := range []float64{0, 0.01, 0.1, 0.3, 0.5, 0.77, 0.95, 0.999, 1} {
			if got, want := betaCDF(x, tt.a, tt.b), tt.cdf(x); math.Abs(got-want) > 1e-9 {
				t.Errorf("%s: CDF(%g) = %.12f, want %.12f", tt.name, x, got, want)
			}
		}
		for _, p := range []float64{0.05, 0.5, 0.95} {
			q := betaQuantile(p, tt.a, tt.b)
			if got := tt.cdf(q); math.Abs(got-p) > 1e-9 {
				t.Errorf("%s: quantile(%g) = %g, whose CDF is %g", tt.name, p, q, got)
			}
		}
	}
}

// TestBetaSampleMatchesCDF checks the sampler against the distribution function for
// posteriors of the sizes the bandit meets: the share of draws below each quantile must
// be that quantile's level, within sampling error.
func TestBetaSampleMatchesCDF(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	const n = 40_000
	for _, ab := range [][2]float64{{1, 1}, {3, 20}, {21, 181}, {0.5, 0.5}, {300, 1700}} {
		a, b := ab[0], ab[1]
		draws := make([]float64, n)
		sum := 0.0
		for i := range draws {
			draws[i] = betaSample(r, a, b)
			sum += draws[i]
			if draws[i] < 0 || draws[i] > 1 {
				t.Fatalf("Beta(%g,%g) drew %g", a, b, draws[i])
			}
		}
		mean, want := sum/n, a/(a+b)
		sd := math.Sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)))
		if math.Abs(mean-want) > 5*sd/math.Sqrt(n) {
			t.Errorf("Beta(%g,%g): mean of draws %g, want %g", a, b, mean, want)
		}
		for _, p := range []float64{0.05, 0.5, 0.95} {
			q := betaQuantile(p, a, b)
			below := 0
			for _, d := range draws {
				if d < q {
					below++
				}
			}
			if got := float64(below) / n; math.Abs(got-p) > 5*math.Sqrt(p*(1-p)/n) {
				t.Errorf("Beta(%g,%g): %.4f of draws below the %g quantile", a, b, got, p)
			}
		}
	}
}
