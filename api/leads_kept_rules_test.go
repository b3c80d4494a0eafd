package api_test

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/score"
)

// The API says a score's sentences from the ICP rules the database keeps in force,
// read on every request: a rule only the user's file has (a title keyword) showed an
// empty why, since the API said them from Deps.Rules, the built-in rules; and rules
// another process puts in force later are the ones said next.
func TestLeadViewExplainsWithTheRulesInForce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, f := newAPI(t)
	quantum := keepRules(t, f, "base: 5\ntitle_keywords:\n  quantum: 40\n")
	l := &paceline.Lead{FirstName: "Ann", LastName: "Lee", ProfileKey: "ann-lee-kept", Title: "Quantum Engineer"}
	l.Score, l.Explanation = quantum.Score(l)
	if err := apitest.InsertLeads(ctx, f.Store, []*paceline.Lead{l}); err != nil {
		t.Fatal(err)
	}
	wantWhy(t, a, f, l.ID, "title_keywords:quantum", `title mentions "quantum"`)

	// Another process (paceline leads score --icp) puts other rules in force and
	// rescores: the next request says their sentences.
	keepRules(t, f, "base: 5\ntitle_keywords:\n  engineer: 9\n")
	wantWhy(t, a, f, l.ID, "title_keywords:engineer", `title mentions "engineer"`)
}

// keepRules puts yml in force in f's database, rescoring its leads, and returns the
// rules.
func keepRules(t *testing.T, f *apitest.Fixture, yml string) *score.Rules {
	t.Helper()
	r, err := score.Parse([]byte(yml))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Store.SetICPRules(context.Background(), score.Stored{YAML: yml, Source: "icp.yaml"}, r.Apply); err != nil {
		t.Fatal(err)
	}
	return r
}

// wantWhy checks that GET /leads/{id}, GET /leads and ViewLead (the dashboard's) say
// why for the rule.
func wantWhy(t *testing.T, a *api.API, f *apitest.Fixture, id int64, rule, why string) {
	t.Helper()
	check := func(where string, v api.LeadView) {
		t.Helper()
		for _, c := range v.Explanation {
			if c.Rule == rule {
				if c.Why != why {
					t.Errorf("%s: %s says %q, want %q", where, rule, c.Why, why)
				}
				return
			}
		}
		t.Errorf("%s: no %s line in %+v", where, rule, v.Explanation)
	}
	code, body := call(t, a, "GET", "/api/v1/leads/"+itoa(id), "")
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
	for _, v := range page.Leads {
		if v.ID == id {
			check("GET /leads", v)
		}
	}

	l, err := f.Store.Lead(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	check("ViewLead", a.ViewLead(l))
}

// Kept rules that this paceline no longer parses do not fail showing a lead: its lines
// are said from Deps.Rules, the built-in rules here (imports refuse such rules).
func TestLeadViewWithKeptRulesThatNoLongerParse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, f := newAPI(t)
	l := &paceline.Lead{FirstName: "Bo", LastName: "Vee", ProfileKey: "bo-vee-kept", Seniority: paceline.SeniorityVP}
	l.Score, l.Explanation = score.Default().Score(l)
	if err := apitest.InsertLeads(ctx, f.Store, []*paceline.Lead{l}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Store.SetICPRules(ctx, score.Stored{YAML: "seniority:\n  boss: 3\n", Source: "old.yaml"}, func(*paceline.Lead) {}); err != nil {
		t.Fatal(err)
	}
	code, body := call(t, a, "GET", "/api/v1/leads/"+itoa(l.ID), "")
	if code != 200 {
		t.Fatalf("GET lead: %d %s", code, body)
	}
	var v api.LeadView
	decodeJSON(t, body, &v)
	if v.Score != l.Score || len(v.Explanation) != len(l.Explanation) {
		t.Fatalf("score %d with %+v, want %d with %d lines", v.Score, v.Explanation, l.Score, len(l.Explanation))
	}
	for _, c := range v.Explanation {
		if c.Why == "" {
			t.Errorf("line %s has no why: the built-in rules have it", c.Rule)
		}
	}
}
