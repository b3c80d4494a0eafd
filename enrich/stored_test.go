package enrich

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
)

func TestNotStored(t *testing.T) {
	t.Parallel()
	for _, f := range []string{FieldFirstName, FieldLastName, FieldProfileURL} {
		if NotStored(f) == "" {
			t.Errorf("NotStored(%s) is empty, want why it is not stored", f)
		}
	}
	for _, f := range []string{FieldEmail, FieldCompany, FieldTitle, FieldCompanyKey, "custom.twitter"} {
		if why := NotStored(f); why != "" {
			t.Errorf("NotStored(%s) = %q, want it stored", f, why)
		}
	}
}

// nameLooker can only bring names and a title.
type nameLooker struct{ n *int }

func (c nameLooker) Name() string    { return "names" }
func (c nameLooker) Fills() []string { return []string{FieldFirstName, FieldLastName, FieldTitle} }
func (c nameLooker) Lookup(context.Context, *paceline.Lead) (map[string]string, error) {
	*c.n++
	return map[string]string{FieldFirstName: "Ann", FieldLastName: "Lee", FieldTitle: "CEO"}, nil
}

func TestEnricherDoesNotPayForFieldsNeverStored(t *testing.T) {
	t.Parallel()
	called := 0
	e := Enricher{Providers: []Looker{nameLooker{&called}}}
	l := paceline.Lead{Title: "CTO", Email: "x@acme.io", Custom: map[string]string{FieldCompanyDomain: "acme.io"}}
	if _, err := e.Enrich(context.Background(), &l); err != nil {
		t.Fatal(err)
	}
	if called != 0 {
		t.Errorf("provider called %d times for a lead that lacks only its name, which is never stored", called)
	}
	l.Title = ""
	if _, err := e.Enrich(context.Background(), &l); err != nil {
		t.Fatal(err)
	}
	if called != 1 || l.Title != "CEO" || l.FirstName != "Ann" {
		t.Errorf("provider called %d times, title %q, first name %q; want 1 call filling both", called, l.Title, l.FirstName)
	}
}
