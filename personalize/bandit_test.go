package personalize

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

func TestNewBanditRejectsBadIDs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ids  []string
		want string // "" when valid
	}{
		{[]string{"a", "b"}, ""},
		{[]string{"only"}, ""},
		{nil, "a bandit needs at least one variant"},
		{[]string{"a", " "}, "variant 2 has no id"},
		{[]string{"a", "b", "a"}, `variant id "a" is used twice`},
	}
	for _, tt := range tests {
		_, err := NewBandit(tt.ids...)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("NewBandit(%q) = %v", tt.ids, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || paceline.ErrorCode(err) != paceline.EINVALID):
			t.Errorf("NewBandit(%q) = %v, want an EINVALID error saying %q", tt.ids, err, tt.want)
		}
	}
}

func TestBanditCounts(t *testing.T) {
	t.Parallel()
	b := mustBandit(t, "a", "b")
	tests := []struct {
		name string
		do   func() error
		code string // "" when the call must succeed
	}{
		{"success before any send", func() error { return b.RecordSuccess("a") }, paceline.ECONFLICT},
		{"send", func() error { return b.RecordSend("a") }, ""},
		{"success after it", func() error { return b.RecordSuccess("a") }, ""},
		{"second success for one send", func() error { return b.RecordSuccess("a") }, paceline.ECONFLICT},
		{"unknown variant", func() error { return b.RecordSend("c") }, paceline.ENOTFOUND},
		{"observe", func() error { return b.Observe("b", 10, 4) }, ""},
		{"observe more successes than sends", func() error { return b.Observe("b", 3, 4) }, paceline.EINVALID},
		{"observe negative", func() error { return b.Observe("b", -1, 0) }, paceline.EINVALID},
		{"freeze unknown", func() error { return b.Freeze("z") }, paceline.ENOTFOUND},
	}
	for _, tt := range tests { // in order: each call builds on the last
		if got := paceline.ErrorCode(tt.do()); got != tt.code {
			t.Errorf("%s: error code %q, want %q", tt.name, got, tt.code)
		}
	}
	want := []VariantStats{{"a", 1, 1}, {"b", 10, 4}}
	if got := b.Stats(); !slices.Equal(got, want) {
		t.Errorf("Stats() = %v, want %v", got, want)
	}
}

func TestBanditDeterministicForSeed(t *testing.T) {
	t.Parallel()
	choices := func() []string {
		b := mustBandit(t, "a", "b", "c")
		r := rand.New(rand.NewPCG(7, 7))
		var out []string
		for i := range 200 {
			id := b.Choose(r)
			out = append(out, id)
			must(t, b.RecordSend(id))
			if i%5 == 0 {
				must(t, b.RecordSuccess(id))
			}
		}
		return out
	}
	first, second := choices(), choices()
	if !slices.Equal(first, second) {
		t.Error("two runs with the same seed chose different variants")
	}
}

func TestBanditFollowsEvidenceAndFreezes(t *testing.T) {
	t.Parallel()
	b := mustBandit(t, "weak", "strong")
	must(t, b.Observe("weak", 200, 10))
	must(t, b.Observe("strong", 200, 40))
	r := rand.New(rand.NewPCG(3, 4))
	strong := 0
	for range 1000 {
		if b.Choose(r) == "strong" {
			strong++
		}
	}
	if strong < 990 {
		t.Errorf("chose the clearly better variant %d times in 1000", strong)
	}
	must(t, b.Freeze("weak"))
	for range 100 {
		if got := b.Choose(r); got != "weak" {
			t.Fatalf("frozen on weak, chose %s", got)
		}
	}
	if b.Frozen() != "weak" {
		t.Errorf("Frozen() = %q", b.Frozen())
	}
	b.Unfreeze()
	if b.Frozen() != "" || b.Choose(r) == "" {
		t.Error("Unfreeze did not resume sampling")
	}
}

func TestBanditReport(t *testing.T) {
	t.Parallel()
	b := mustBandit(t, "a", "b", "c")
	must(t, b.Observe("a", 0, 0))
	must(t, b.Observe("b", 100, 10))
	must(t, b.Observe("c", 100, 20))
	must(t, b.Freeze("c"))
	rep := b.Report(rand.New(rand.NewPCG(1, 1)), 20_000)
	// Reference values computed apart from this code: quantiles from the binomial form
	// of the Beta CDF for whole-number shapes, probabilities of being best by numerical
	// integration of f_i(x) * prod_j F_j(x).
	tests := []struct {
		id              string
		mean, low, high float64
		probBest        float64
		frozen          bool
	}{
		{"a", 0.5, 0.05, 0.95, 0.7936, false},
		{"b", 11.0 / 102, 0.062289, 0.162155, 0.0041, false},
		{"c", 21.0 / 102, 0.143759, 0.274590, 0.2022, true},
	}
	if len(rep) != len(tests) {
		t.Fatalf("report has %d variants", len(rep))
	}
	total := 0.0
	for i, tt := range tests {
		r := rep[i]
		total += r.ProbBest
		if r.ID != tt.id || math.Abs(r.Mean-tt.mean) > 1e-12 || math.Abs(r.Low-tt.low) > 1e-6 || math.Abs(r.High-tt.high) > 1e-6 || r.Frozen != tt.frozen {
			t.Errorf("report %d = %+v, want id %s mean %.4f interval [%.4f, %.4f] frozen %v", i, r, tt.id, tt.mean, tt.low, tt.high, tt.frozen)
		}
		if math.Abs(r.ProbBest-tt.probBest) > 0.012 { // four Monte Carlo standard errors
			t.Errorf("%s: ProbBest %.4f, want %.4f", tt.id, r.ProbBest, tt.probBest)
		}
	}
	if math.Abs(total-1) > 1e-9 {
		t.Errorf("probabilities of being best add up to %g", total)
	}
}

func TestAssignKeepsTheStoredVariant(t *testing.T) {
	t.Parallel()
	b := mustBandit(t, "a", "b")
	r := rand.New(rand.NewPCG(5, 5))
	first, fresh, err := Assign(b, r, "linkedin.com/in/zoe", "connect", "")
	if err != nil || !fresh || first.Variant == "" {
		t.Fatalf("first Assign = %+v, %v, %v", first, fresh, err)
	}
	// The evidence turns against the first choice; a retry must still get it.
	other := "a"
	if first.Variant == "a" {
		other = "b"
	}
	must(t, b.Observe(first.Variant, 500, 0))
	must(t, b.Observe(other, 500, 250))
	for range 50 {
		again, fresh, err := Assign(b, r, "linkedin.com/in/zoe", "connect", first.Variant)
		if err != nil || fresh || again != first {
			t.Fatalf("retry Assign = %+v, %v, %v; want %+v", again, fresh, err, first)
		}
	}
	if first.Seed() != Seed("linkedin.com/in/zoe", "connect") {
		t.Error("an assignment's seed is not the lead and step's spintax seed")
	}
	_, _, err = Assign(b, r, "linkedin.com/in/zoe", "connect", "gone")
	var pe *paceline.Error
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "step connect") || !strings.Contains(err.Error(), `"gone"`) {
		t.Errorf("Assign with a removed variant = %v, want an error naming the step and variant", err)
	}
}

func mustBandit(t *testing.T, ids ...string) *Bandit {
	t.Helper()
	b, err := NewBandit(ids...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
