package leadrow

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/paceline/paceline"
)

func TestAppendPointsWritesWhatAppendFloatWrites(t *testing.T) {
	t.Parallel()
	for _, p := range []float64{1, -1, 10, -15, 25, 100, 2.5, -0.125, 1e14, -1e14, 1e15, 1e21, 0.1, math.Copysign(0, -1), 0} {
		want := strconv.AppendFloat(nil, p, 'f', -1, 64)
		if got := appendPoints(nil, p); string(got) != string(want) {
			t.Errorf("appendPoints(%v) = %s, want %s", p, got, want)
		}
	}
}

// FuzzParseExplanationAgreesWithJSON checks the fast path against encoding/json:
// whatever parsePlainPairs accepts, encoding/json decodes to the same pairs.
func FuzzParseExplanationAgreesWithJSON(f *testing.F) {
	for _, s := range []string{
		`[["base",10]]`, `[["base",10],["seniority:vp",22],["industry:information technology",-2.5]]`,
		`[["a",01]]`, `[["a",1e3]]`, `[["a",+1]]`, `[["a",1.]]`, `[["a",.5]]`, `[["a",-]]`,
		`[["a\"b",1]]`, `[[ "a",1]]`, `[["a",1],]`, `[["a",1]`, `[["a",1]]]`, `[["a",1],["b",2]x]`,
		"[[\"a\x01\",1]]", "[[\"\xff\",1]]", `[["",0]]`, `[["a",1,2]]`, `[["a",Inf]]`, `[["a",0x10]]`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast, ok := parsePlainPairs(s)
		if !ok {
			return
		}
		var pairs [][2]json.RawMessage
		if err := json.Unmarshal([]byte(s), &pairs); err != nil {
			t.Fatalf("fast path took %q, which encoding/json refuses: %v", s, err)
		}
		want := make([]paceline.ScoreContribution, len(pairs))
		for i, p := range pairs {
			if json.Unmarshal(p[0], &want[i].Rule) != nil || json.Unmarshal(p[1], &want[i].Points) != nil {
				t.Fatalf("fast path took %q, which encoding/json refuses", s)
			}
		}
		if !slices.Equal(fast, want) {
			t.Fatalf("%q: fast path %+v, encoding/json %+v", s, fast, want)
		}
	})
}

func TestParseExplanationTakesBothPaths(t *testing.T) {
	t.Parallel()
	for s, want := range map[string][]paceline.ScoreContribution{
		`[["base",10],["title:growth",-2.5]]`: {{Rule: "base", Points: 10}, {Rule: "title:growth", Points: -2.5}},
		`[["title:\"x\"",1e1]]`:               {{Rule: `title:"x"`, Points: 10}},
		`[ ["base", 10] ]`:                    {{Rule: "base", Points: 10}},
	} {
		got, err := ParseExplanation(s)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("ParseExplanation(%s) = %+v, %v; want %+v", s, got, err, want)
		}
	}
	if _, err := ParseExplanation(`[["base",10]`); err == nil {
		t.Error("a truncated explanation parsed")
	}
}
