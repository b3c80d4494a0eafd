package enrich

import (
	"context"
	"math"
	"strings"
	"testing"
)

func TestLearnPatterns(t *testing.T) {
	t.Parallel()
	known := []Known{
		{"Ann", "Smith", "asmith@acme.io"},
		{"Bob", "Jones", "BJones@Acme.io"},
		{"Carl", "Lee", "info@acme.io"},       // no name pattern: left out
		{"Dana", "Ray", "dana.ray@other.io"},  // another domain: left out
		{"Eve", "Stone", "eve.stone@acme.io"}, // a minority pattern
	}
	ev := learnPatterns(DefaultPatterns, "acme.io", known)
	if ev.used != 3 || ev.matches["flast"] != 2 || ev.matches["first.last"] != 1 {
		t.Fatalf("evidence = %+v", ev)
	}
	// flast: 0.12 * 1 * 1 * 0.1; first.last: 0.40 * 0.1 * 0.1 * 1; the rest: prior * 0.001.
	flast, firstLast := 0.12*0.1, 0.40*0.01
	rest := 0.0
	for _, p := range DefaultPatterns {
		if p.Name != "flast" && p.Name != "first.last" {
			rest += p.Prior * 0.001
		}
	}
	want := flast / (flast + firstLast + rest)
	if got := ev.posterior["flast"]; math.Abs(got-want) > 1e-9 {
		t.Errorf("posterior(flast) = %v, want %v", got, want)
	}
	sum := 0.0
	for _, p := range ev.posterior {
		sum += p
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("posteriors add up to %v", sum)
	}

	if ev := learnPatterns(DefaultPatterns, "acme.io", []Known{{"X", "Y", "info@acme.io"}}); ev.used != 0 || ev.posterior != nil {
		t.Errorf("evidence from no usable address = %+v", ev)
	}
}

func TestFinderLearnsThePattern(t *testing.T) {
	t.Parallel()
	f := Finder{Resolver: testResolver(t, startDNS(t))}
	fd, err := f.Find(context.Background(), Query{
		FirstName: "Jane", LastName: "Doe", Domain: zoneMX,
		Known: []Known{{"Ann", "Smith", "asmith@acme.test"}, {"Bob", "Jones", "bjones@acme.test"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	top := fd.Candidates[0]
	if top.Address != "jdoe@"+zoneMX || top.Status != StatusRisky || top.Confidence < 0.8 || top.Confidence > confidencePatternKnown {
		t.Errorf("top = %+v, want jdoe, risky, between 0.8 and 0.9", top)
	}
	if !strings.Contains(top.Reason, "2 of 2 known addresses at acme.test follow flast") {
		t.Errorf("reason = %q", top.Reason)
	}
	if second := fd.Candidates[1]; second.Confidence > 0.1 || !strings.Contains(second.Reason, "0 of 2") {
		t.Errorf("second = %+v", second)
	}
}
