package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/score"
)

// TestLeadViewExplainsTheScore stores a scored lead as an import does (the store
// drops the sentences) and checks that the API says them again from its ICP rules:
// the default rules when none are configured, and the configured ones otherwise.
func TestLeadViewExplainsTheScore(t *testing.T) {
	t.Parallel()
	custom, err := score.Parse([]byte("base: 5\nseniority:\n  vp: 30\nindustry:\n  robotics: 9\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		rules *score.Rules // given to the API
		score *score.Rules // the import scored with; nil is the same as rules
	}{
		{name: "default rules", rules: nil, score: score.Default()},
		{name: "configured rules", rules: custom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := apitest.New(t)
			a := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store,
				Users: f.Users, Rules: tt.rules, NowFunc: func() time.Time { return apitest.Now }})
			scorer := tt.score
			if scorer == nil {
				scorer = tt.rules
			}
			l := &paceline.Lead{FirstName: "Kim", LastName: "Vee", ProfileKey: "kim-vee", Seniority: paceline.SeniorityVP,
				Industry: "Robotics software", Email: "kim@vee.example", MutualConnections: 3}
			l.Score, l.Explanation = scorer.Score(l)
			if len(l.Explanation) < 3 {
				t.Fatalf("the lead scored too few lines to test: %+v", l.Explanation)
			}
			if err := apitest.InsertLeads(context.Background(), f.Store, []*paceline.Lead{l}); err != nil {
				t.Fatal(err)
			}
			check := func(where string, v api.LeadView) {
				t.Helper()
				if v.Score != l.Score || len(v.Explanation) != len(l.Explanation) {
					t.Fatalf("%s: score %d with %d lines, want %d with %d", where, v.Score, len(v.Explanation), l.Score, len(l.Explanation))
				}
				for _, c := range v.Explanation {
					if c.Why == "" {
						t.Errorf("%s: line %q (%+g) has no why", where, c.Rule, c.Points)
					}
				}
			}
			code, body := call(t, a, "GET", "/api/v1/leads/"+itoa(l.ID), "")
			if code != 200 {
				t.Fatalf("GET lead: %d %s", code, body)
			}
			var one api.LeadView
			decodeJSON(t, body, &one)
			check("GET /leads/{id}", one)

			code, body = call(t, a, "GET", "/api/v1/leads?limit=500", "")
			if code != 200 {
				t.Fatalf("GET leads: %d %s", code, body)
			}
			var page api.LeadPage
			decodeJSON(t, body, &page)
			found := false
			for _, v := range page.Leads {
				if v.ID == l.ID {
					found = true
					check("GET /leads", v)
				}
			}
			if !found {
				t.Fatalf("lead %d is not in the list", l.ID)
			}
		})
	}
}
