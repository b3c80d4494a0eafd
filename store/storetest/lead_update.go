package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
)

func testUpdateLeadFieldsFillsOnlyEmpty(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	s := db.LeadStore
	csv := "profileUrl,fullName,title,location,email,website\n" +
		"https://www.linkedin.com/in/ann-lee,Ann Lee,VP Sales,,,acme.io\n" +
		"https://www.linkedin.com/in/bob-roy,Bob Roy,CTO,Paris,bob@roy.io,\n" +
		"https://www.linkedin.com/in/cy-opt,Cy Opt,CEO,,,\n"
	mustImport(t, s, csv, lead.ImportOptions{})
	ann := mustLeadByKey(t, s, "in", "ann-lee")
	bob := mustLeadByKey(t, s, "in", "bob-roy")
	cy := mustLeadByKey(t, s, "in", "cy-opt")
	if err := s.OptOutLead(ctx, cy.ID, ""); err != nil {
		t.Fatal(err)
	}

	annNew := &paceline.Lead{ID: ann.ID, Title: "Intern", TimeZone: "Europe/Paris", Seniority: "vp",
		Email: "ann@acme.io", Custom: map[string]string{"company_domain": "acme.io", "website": "other.io"}}
	bobNew := &paceline.Lead{ID: bob.ID, Location: "Berlin", Department: "Engineering", Industry: "Software"}
	n, err := s.UpdateLeadFields(ctx, []*paceline.Lead{annNew, bobNew}, nil)
	if err != nil || n != 2 {
		t.Fatalf("UpdateLeadFields = %d, %v; want 2 changed", n, err)
	}
	got := mustLead(t, s, ann.ID)
	if got.Title != ann.Title || got.TimeZone != "Europe/Paris" || got.Email != "ann@acme.io" ||
		got.Custom["company_domain"] != "acme.io" || got.Custom["website"] != ann.Custom["website"] {
		t.Errorf("ann after update: %+v", got)
	}
	if id, err := s.FindLeadID(ctx, lead.Key{Type: lead.KeyEmail, Value: "ann@acme.io"}); err != nil || id != ann.ID {
		t.Errorf("ann's new email key: %d, %v", id, err)
	}
	if got := mustLead(t, s, bob.ID); got.Location != "Paris" || got.Industry != "Software" {
		t.Errorf("bob after update: location %q industry %q", got.Location, got.Industry)
	}

	before := dumpLeads(t, db)
	if n, err := s.UpdateLeadFields(ctx, []*paceline.Lead{annNew, bobNew}, nil); err != nil || n != 0 {
		t.Fatalf("second UpdateLeadFields = %d, %v; want 0 changed", n, err)
	}
	if after := dumpLeads(t, db); after != before {
		t.Errorf("a second update changed rows:\n%s\nvs\n%s", before, after)
	}

	tests := []struct {
		name string
		l    *paceline.Lead
		code string
	}{
		{"another lead's email", &paceline.Lead{ID: cy.ID, Email: "bob@roy.io"}, paceline.ECONFLICT},
		{"no such lead", &paceline.Lead{ID: 9999, TimeZone: "UTC"}, paceline.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.UpdateLeadFields(ctx, []*paceline.Lead{{ID: bob.ID, Title: "CEO", Custom: map[string]string{"x": "y"}}, tt.l}, nil)
			wantCode(t, err, tt.code)
			if got := mustLead(t, s, bob.ID); got.Custom["x"] != "" {
				t.Errorf("a failed batch wrote its first lead: custom %v", got.Custom)
			}
		})
	}
}

func testUpdateLeadFieldsRefusesSuppressedEmail(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	s := open(t).LeadStore
	csv := "profileUrl,fullName,email\n" +
		"https://www.linkedin.com/in/dee-gone,Dee Gone,dee@gone.io\n" +
		"https://www.linkedin.com/in/eve-new,Eve New,\n"
	mustImport(t, s, csv, lead.ImportOptions{})
	dee := mustLeadByKey(t, s, "in", "dee-gone")
	eve := mustLeadByKey(t, s, "in", "eve-new")
	if _, err := s.EraseLead(ctx, dee.ID); err != nil {
		t.Fatal(err)
	}
	_, err := s.UpdateLeadFields(ctx, []*paceline.Lead{{ID: eve.ID, Email: "dee@gone.io"}}, nil)
	wantCode(t, err, paceline.ECONFLICT)
}

func testUpdateLeadFieldsRescoresWhatItFills(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	s := open(t).LeadStore
	csv := "profileUrl,fullName,title\n" +
		"https://www.linkedin.com/in/dee-new,Dee New,\n" +
		"https://www.linkedin.com/in/eli-same,Eli Same,CTO\n"
	mustImport(t, s, csv, lead.ImportOptions{})
	rules := score.Default()
	dee := mustLeadByKey(t, s, "in", "dee-new")
	eli := mustLeadByKey(t, s, "in", "eli-same")
	// The import scored with no rules: a score of 0 says so, and a rescore must move it.
	calls := 0
	rescore := func(l *paceline.Lead) { calls++; rules.Apply(l) }
	n, err := s.UpdateLeadFields(ctx, []*paceline.Lead{
		{ID: dee.ID, Seniority: "c-level", Department: "engineering"},
		{ID: eli.ID, Title: "Intern"}, // fills nothing: Eli has a title
	}, rescore)
	if err != nil || n != 1 {
		t.Fatalf("UpdateLeadFields = %d, %v; want 1 changed", n, err)
	}
	if calls != 1 {
		t.Errorf("rescore ran %d times, want once (only for the lead that changed)", calls)
	}
	got := mustLead(t, s, dee.ID)
	want := mustLead(t, s, dee.ID)
	want.Explanation = nil
	rules.Apply(want) // the stored fields, scored afresh
	if got.Seniority != "c-level" || got.Score != want.Score || got.Score == dee.Score {
		t.Errorf("dee after enrichment: seniority %q score %d (was %d, rules give %d)", got.Seniority, got.Score, dee.Score, want.Score)
	}
	found := false
	for _, c := range got.Explanation {
		if strings.Contains(c.Rule, "seniority") {
			found = true
		}
	}
	if !found {
		t.Errorf("dee's stored explanation has no seniority rule: %+v", got.Explanation)
	}
	if e := mustLead(t, s, eli.ID); e.Score != eli.Score {
		t.Errorf("eli changed score %d -> %d though nothing was filled", eli.Score, e.Score)
	}
}
