package score

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

func TestDefaultParses(t *testing.T) {
	t.Parallel()
	r := Default()
	if len(r.Seniority) != len(paceline.Seniorities) {
		t.Errorf("default rules weigh %d seniorities, want all %d", len(r.Seniority), len(paceline.Seniorities))
	}
}

func TestScoreExplains(t *testing.T) {
	t.Parallel()
	rules, err := Parse([]byte(`
base: 5
seniority: {vp: 20, manager: 5}
department: {sales: 10}
title_keywords: {growth: 4, revenue: 3}
industry: {software: 10, internet: 6}
company_size: {"11-50": 6, "51-200": 12, "201+": 2}
location: {"Europe/": 5, united states: 3}
custom: {technologies: {hubspot: 4, salesforce: 2}}
signals:
  mutual_connections: {per: 2, max: 6}
  open_profile: 7
  premium: 1
  has_email: 2
`))
	if err != nil {
		t.Fatal(err)
	}
	l := &paceline.Lead{
		Seniority: paceline.SeniorityVP, Department: "sales", Title: "VP Revenue & Growth",
		Industry: "Computer Software", EmployeesMin: 51, EmployeesMax: 200, Location: "Paris, France",
		TimeZone: "Europe/Paris", Custom: map[string]string{"technologies": "Salesforce; HubSpot"},
		MutualConnections: 5, OpenProfile: true, Email: "x@y.io",
	}
	got, why := rules.Score(l)
	// 5 + 20 + 10 + 4 + 3 + 10 + 12 + 5 + 4 + 6 (capped) + 7 + 2 = 88
	if got != 88 {
		t.Errorf("score = %d, want 88; explanation %+v", got, why)
	}
	var sum float64
	rulesSeen := map[string]bool{}
	for _, c := range why {
		sum += c.Points
		rulesSeen[c.Rule] = true
		if c.Why == "" {
			t.Errorf("rule %s has no reason", c.Rule)
		}
	}
	if int(sum) != got {
		t.Errorf("explanation sums to %g, score is %d", sum, got)
	}
	for _, r := range []string{"base", "seniority:vp", "title_keywords:growth", "title_keywords:revenue",
		"industry:software", "company_size:51-200", "location:Europe/", "custom.technologies:hubspot",
		"signals:mutual_connections", "signals:open_profile", "signals:has_email"} {
		if !rulesSeen[r] {
			t.Errorf("explanation lacks %s: %+v", r, why)
		}
	}
	if rulesSeen["custom.technologies:salesforce"] || rulesSeen["signals:premium"] {
		t.Errorf("explanation has rules that should not fire: %+v", why)
	}
}

func TestScoreClamps(t *testing.T) {
	t.Parallel()
	rules, err := Parse([]byte("base: 90\nseniority: {owner: 40, intern: -100}\nsignals: {open_profile: 0}\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		level paceline.Seniority
		want  int
	}{
		{paceline.SeniorityOwner, 100},
		{paceline.SeniorityIntern, 0},
		{paceline.SeniorityEntry, 90},
	}
	for _, tt := range tests {
		got, why := rules.Score(&paceline.Lead{Seniority: tt.level})
		if got != tt.want {
			t.Errorf("%s: score %d, want %d", tt.level, got, tt.want)
		}
		var sum float64
		for _, c := range why {
			sum += c.Points
		}
		if int(sum) != got {
			t.Errorf("%s: explanation sums to %g, score %d", tt.level, sum, got)
		}
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		yaml string
		want string
	}{
		{"base: 10\nseniorty: {vp: 3}\n", "line 2: unknown section \"seniorty\""},
		{"seniority:\n  vp: 10\n  boss: 5\n", "line 3: seniority: \"boss\" is not a seniority"},
		{"department:\n  sales: lots\n", "line 2: \"lots\" is not a number"},
		{"department:\n  astrology: 3\n", "line 2: department: \"astrology\" is not a department"},
		{"company_size:\n  \"50-10\": 3\n", "line 2: company_size \"50-10\""},
		{"industry:\n  software: 500\n", "line 2: 500 points is outside"},
		{"signals:\n  charisma: 3\n", "line 2: unknown signal \"charisma\""},
		{"signals:\n  mutual_connections: {per: 1, cap: 3}\n", "line 2: mutual_connections has no \"cap\""},
		{"title_keywords:\n  growth: 1\n  Growth: 2\n", "line 3: title_keywords \"Growth\" appears twice"},
		{"- a\n- b\n", "line 1: the rules must be a mapping"},
		{"seniority: [vp]\n", "line 1: seniority wants a mapping"},
		{"base: 1\nbase: 2\n", "line 2: section \"base\" appears twice"},
		{"", "empty"},
		{"seniority: {vp: 1\n", "rules"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.yaml))
		if err == nil || paceline.ErrorCode(err) != paceline.EINVALID || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error %v, want EINVALID with %q", tt.yaml, err, tt.want)
		}
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	t.Parallel()
	r := Default()
	r.Custom = []CustomWeights{{Field: "tech stack", Values: []Weight{{Match: "yes", Points: 2.5}}}}
	r.prepare()
	out, err := r.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(out)
	if err != nil {
		t.Fatalf("Parse(Marshal()) = %v\n%s", err, out)
	}
	lead := &paceline.Lead{Seniority: paceline.SeniorityDirector, Department: "sales", Industry: "SaaS",
		EmployeesMin: 60, EmployeesMax: 60, Location: "Austin, Texas, United States", Premium: true,
		Custom: map[string]string{"tech stack": "Yes"}}
	a, wa := r.Score(lead)
	b, wb := back.Score(lead)
	if a != b || len(wa) != len(wb) {
		t.Errorf("round trip changed the score: %d %+v vs %d %+v", a, wa, b, wb)
	}
}

// TestLearn builds outcomes where VPs reply far more often than managers and checks
// the weights move that way, that thin evidence moves nothing and that the input
// ruleset is left alone.
func TestLearn(t *testing.T) {
	t.Parallel()
	rules := Default()
	rng := rand.New(rand.NewSource(7))
	var outcomes []Outcome
	for i := 0; i < 400; i++ {
		l := &paceline.Lead{Seniority: paceline.SeniorityManager, Department: "engineering"}
		p := 0.05
		if i%2 == 0 {
			l.Seniority, p = paceline.SeniorityVP, 0.40
		}
		outcomes = append(outcomes, Outcome{Lead: l, Replied: rng.Float64() < p, Accepted: rng.Float64() < 0.5})
	}
	// Three interns who all replied: too few to move the intern rule.
	for i := 0; i < 3; i++ {
		outcomes = append(outcomes, Outcome{Lead: &paceline.Lead{Seniority: paceline.SeniorityIntern}, Replied: true})
	}
	learned, adj, err := Learn(rules, outcomes, LearnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	weight := func(r *Rules, s paceline.Seniority) float64 {
		for _, w := range r.Seniority {
			if w.Match == string(s) {
				return w.Points
			}
		}
		t.Fatalf("no rule for %s", s)
		return 0
	}
	if !(weight(learned, paceline.SeniorityVP) > weight(rules, paceline.SeniorityVP)) {
		t.Errorf("vp weight %g -> %g, want up", weight(rules, paceline.SeniorityVP), weight(learned, paceline.SeniorityVP))
	}
	if !(weight(learned, paceline.SeniorityManager) < weight(rules, paceline.SeniorityManager)) {
		t.Errorf("manager weight %g -> %g, want down", weight(rules, paceline.SeniorityManager), weight(learned, paceline.SeniorityManager))
	}
	if weight(learned, paceline.SeniorityIntern) != weight(rules, paceline.SeniorityIntern) {
		t.Errorf("intern weight moved on 3 leads")
	}
	if weight(rules, paceline.SeniorityVP) != 22 {
		t.Errorf("Learn changed its input")
	}
	for _, a := range adj {
		if a.Rule == "seniority:vp" && (a.Leads != 200 || a.Lift <= 0 || a.Rate <= a.BaseRate) {
			t.Errorf("vp adjustment %+v", a)
		}
	}
	if len(adj) == 0 || adj[0].Rule > adj[len(adj)-1].Rule {
		t.Errorf("adjustments not sorted: %+v", adj)
	}
	if _, _, err := Learn(rules, nil, LearnOptions{}); paceline.ErrorCode(err) != paceline.EINVALID {
		t.Errorf("Learn without outcomes: %v", err)
	}
}

func BenchmarkScore(b *testing.B) {
	rules := Default()
	l := &paceline.Lead{Seniority: paceline.SeniorityVP, Department: "sales", Title: "VP Revenue & Growth",
		Industry: "Computer Software", EmployeesMin: 51, EmployeesMax: 200, Location: "Paris, France",
		TimeZone: "Europe/Paris", MutualConnections: 5, OpenProfile: true}
	b.ReportAllocs()
	for b.Loop() {
		rules.Apply(l)
	}
}
