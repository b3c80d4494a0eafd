package leadrow

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
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

func TestKeyGroupsCallsOncePerLead(t *testing.T) {
	t.Parallel()
	var got []string
	g := KeyGroups{Fn: func(id int64, keys []lead.Key) error {
		got = append(got, fmt.Sprint(id, keys))
		return nil
	}}
	for _, r := range []struct {
		id          int64
		kind, value string
	}{{1, "in", "a"}, {1, "email", "a@x.io"}, {3, "sales", "S1"}} {
		if err := g.Add(r.id, r.kind, r.value); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.Done(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"1 [in:a email:a@x.io]", "3 [sales:S1]"}; !slices.Equal(got, want) {
		t.Errorf("groups %q, want %q", got, want)
	}
	if err := g.Add(4, "fax", "1"); err == nil {
		t.Error("a key of unknown kind was taken")
	}
}

func TestOutcomesFoldsKeysOfOneLead(t *testing.T) {
	t.Parallel()
	id := func(n int64) *int64 { return &n }
	var o Outcomes
	o.Add(id(2), true, false)
	o.Add(nil, true, true)
	o.Add(id(5), false, false)
	o.Add(id(2), false, true)
	var got []string
	for _, f := range o.Found() {
		got = append(got, fmt.Sprint(f.Lead.ID, f.Accepted, f.Replied))
	}
	if want := []string{"2 true true", "5 false false"}; !slices.Equal(got, want) || o.Unknown != 1 {
		t.Errorf("outcomes %q with %d unknown, want %q with 1", got, o.Unknown, want)
	}
}

// TestFillEmptyReportsChange checks that FillEmpty says whether the stored lead gained
// a field: the stores write back only the leads for which it says so.
func TestFillEmptyReportsChange(t *testing.T) {
	t.Parallel()
	stored := func() *paceline.Lead {
		return &paceline.Lead{Title: "CTO", Seniority: paceline.Seniority("c_level"), EmployeesMin: 11, EmployeesMax: 50,
			Custom: map[string]string{"team": "core"}}
	}
	for _, tc := range []struct {
		name string
		l    paceline.Lead
		want bool
	}{
		{"nothing found", paceline.Lead{}, false},
		{"only what is known", paceline.Lead{Title: "CEO", EmployeesMin: 1, EmployeesMax: 10, Custom: map[string]string{"team": "x"}}, false},
		{"an empty custom value", paceline.Lead{Custom: map[string]string{"tier": ""}}, false},
		{"an email", paceline.Lead{Email: "a@b.io"}, true},
		{"a location", paceline.Lead{Location: "Paris"}, true},
		{"a new custom field", paceline.Lead{Custom: map[string]string{"tier": "1"}}, true},
	} {
		cur := stored()
		before := fmt.Sprintf("%+v", *cur)
		got := FillEmpty(cur, &tc.l)
		if got != tc.want {
			t.Errorf("%s: FillEmpty reported %v, want %v", tc.name, got, tc.want)
		}
		if after := fmt.Sprintf("%+v", *cur); (after != before) != got {
			t.Errorf("%s: reported %v but the lead went from %s to %s", tc.name, got, before, after)
		}
	}
	empty := &paceline.Lead{}
	if !FillEmpty(empty, &paceline.Lead{Seniority: paceline.Seniority("vp")}) || empty.Seniority != "vp" {
		t.Errorf("a seniority was not filled into an empty lead: %+v", empty)
	}
	if !FillEmpty(empty, &paceline.Lead{EmployeesMax: 10}) || empty.EmployeesMax != 10 {
		t.Errorf("a company size was not filled into an empty lead: %+v", empty)
	}
}
