package sequence

import "testing"

// BenchmarkParseDefault measures parsing and validating the built-in sequence.
func BenchmarkParseDefault(b *testing.B) {
	src := DefaultYAML()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConditionEval measures one guard check, done every time a step comes due.
func BenchmarkConditionEval(b *testing.B) {
	c, err := ParseCondition("(connected or open_profile) and not premium and score >= 50")
	if err != nil {
		b.Fatal(err)
	}
	f := Facts{OpenProfile: true, Score: 70}
	b.ReportAllocs()
	hits := 0
	for b.Loop() {
		if c.Eval(f) {
			hits++
		}
		f.Score ^= 64
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
	if hits == 0 {
		b.Fatal("the condition never held")
	}
}
