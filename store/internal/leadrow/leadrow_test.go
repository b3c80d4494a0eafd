package leadrow

import (
	"math"
	"slices"
	"testing"

	"github.com/paceline/paceline"
)

func TestExplanationJSONRoundTrips(t *testing.T) {
	t.Parallel()
	e := []paceline.ScoreContribution{
		{Rule: "base", Points: 10, Why: "every lead starts here"},
		{Rule: "title:\"growth\"", Points: -2.5, Why: "not stored"},
	}
	got, err := ExplanationJSON(e)
	if err != nil {
		t.Fatal(err)
	}
	if want := `[["base",10],["title:\"growth\"",-2.5]]`; got != want {
		t.Errorf("encoded %s, want %s", got, want)
	}
	back, err := ParseExplanation(got)
	if err != nil {
		t.Fatalf("%s: %v", got, err)
	}
	for i := range e {
		e[i].Why = "" // not stored
	}
	if !slices.Equal(back, e) {
		t.Errorf("round trip %+v, want %+v", back, e)
	}
	if _, err := ExplanationJSON([]paceline.ScoreContribution{{Rule: "x", Points: math.NaN()}}); err == nil {
		t.Error("NaN points encoded")
	}
}

func TestCustomJSONRoundTrips(t *testing.T) {
	t.Parallel()
	for _, m := range []map[string]string{nil, {"a": "1", "quote": `"x"`}} {
		s, err := CustomJSON(m)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseCustom(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if len(back) != len(m) {
			t.Fatalf("round trip of %v gave %v", m, back)
		}
		for k, v := range m {
			if back[k] != v {
				t.Errorf("%s: got %q, want %q", k, back[k], v)
			}
		}
	}
}
