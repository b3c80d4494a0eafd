package sqlite

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

func TestUpdateLeadFieldsFillsOnlyEmpty(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	csv := "profileUrl,fullName,title,location,email,website\n" +
		"https://www.linkedin.com/in/ann-lee,Ann Lee,VP Sales,,,acme.io\n" +
		"https://www.linkedin.com/in/bob-roy,Bob Roy,CTO,Paris,bob@roy.io,\n" +
		"https://www.linkedin.com/in/cy-opt,Cy Opt,CEO,,,\n"
	if _, err := tryImport(ctx, s, csv, lead.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	ann := mustLeadByKey(t, s, "in", "ann-lee")
	bob := mustLeadByKey(t, s, "in", "bob-roy")
	cy := mustLeadByKey(t, s, "in", "cy-opt")
	if err := s.OptOutLead(ctx, cy.ID, ""); err != nil {
		t.Fatal(err)
	}

	annNew := &paceline.Lead{ID: ann.ID, Title: "Intern", TimeZone: "Europe/Paris", Seniority: "vp",
		Email: "ann@acme.io", Custom: map[string]string{"company_domain": "acme.io", "website": "other.io"}}
	bobNew := &paceline.Lead{ID: bob.ID, Location: "Berlin", Department: "Engineering", Industry: "Software"}
	n, err := s.UpdateLeadFields(ctx, []*paceline.Lead{annNew, bobNew})
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

	before := dump(t, s)
	if n, err := s.UpdateLeadFields(ctx, []*paceline.Lead{annNew, bobNew}); err != nil || n != 0 {
		t.Fatalf("second UpdateLeadFields = %d, %v; want 0 changed", n, err)
	}
	if after := dump(t, s); after != before {
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

			_, err := s.UpdateLeadFields(ctx, []*paceline.Lead{{ID: bob.ID, Title: "CEO", Custom: map[string]string{"x": "y"}}, tt.l})
			wantCode(t, err, tt.code)
			if got := mustLead(t, s, bob.ID); got.Custom["x"] != "" {
				t.Errorf("a failed batch wrote its first lead: custom %v", got.Custom)
			}
		})
	}
}

func TestUpdateLeadFieldsRefusesSuppressedEmail(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	csv := "profileUrl,fullName,email\n" +
		"https://www.linkedin.com/in/dee-gone,Dee Gone,dee@gone.io\n" +
		"https://www.linkedin.com/in/eve-new,Eve New,\n"
	if _, err := tryImport(ctx, s, csv, lead.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	dee := mustLeadByKey(t, s, "in", "dee-gone")
	eve := mustLeadByKey(t, s, "in", "eve-new")
	if _, err := s.EraseLead(ctx, dee.ID); err != nil {
		t.Fatal(err)
	}
	_, err := s.UpdateLeadFields(ctx, []*paceline.Lead{{ID: eve.ID, Email: "dee@gone.io"}})
	wantCode(t, err, paceline.ECONFLICT)
}

func mustLead(t *testing.T, s *Store, id int64) *paceline.Lead {
	t.Helper()
	l, err := s.Lead(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func mustLeadByKey(t *testing.T, s *Store, kind, value string) *paceline.Lead {
	t.Helper()
	l, err := s.LeadByKey(context.Background(), kind, value)
	if err != nil {
		t.Fatalf("lead %s:%s: %v", kind, value, err)
	}
	return l
}
