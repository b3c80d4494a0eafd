package leadrow

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/enrich"
)

// allFields is a provider that knows a value of every field.
type allFields map[string]string

func (a allFields) Name() string { return "all" }
func (a allFields) Fills() []string {
	return append(append([]string{}, enrich.Fields...), "custom.twitter")
}
func (a allFields) Lookup(context.Context, *paceline.Lead) (map[string]string, error) {
	return a, nil
}

// FillEmpty must store exactly the fields enrich.NotStored does not set apart, or
// "leads enrich" reports as stored a value it never wrote (a provider's company was
// reported filled and lost).
func TestFillEmptyStoresWhatEnrichReportsStored(t *testing.T) {
	t.Parallel()
	found := &paceline.Lead{}
	e := enrich.Enricher{Providers: []enrich.Looker{allFields{
		enrich.FieldFirstName: "Ann", enrich.FieldLastName: "Lee", enrich.FieldEmail: "ann@acme.io",
		enrich.FieldCompany: "Acme Inc.", enrich.FieldCompanyDomain: "acme.io",
		enrich.FieldWebsite: "https://acme.io", enrich.FieldTitle: "CTO", enrich.FieldSeniority: "c-level",
		enrich.FieldDepartment: "engineering", enrich.FieldLocation: "Paris, France",
		enrich.FieldTimeZone: "Europe/Paris", enrich.FieldIndustry: "Retail",
		enrich.FieldCompanySize: "51-200", enrich.FieldProfileURL: "https://www.linkedin.com/in/ann-lee",
		"custom.twitter": "@ann",
	}}}
	fills, err := e.Enrich(context.Background(), found)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range fills {
		seen[f.Field] = true
	}
	for _, f := range append(append([]string{enrich.FieldCompanyKey}, enrich.Fields...), "custom.twitter") {
		if !seen[f] {
			t.Fatalf("the enricher did not fill %s (fills %v): the test's values are wrong", f, fills)
		}
	}
	cur := &paceline.Lead{}
	if !FillEmpty(cur, found) {
		t.Fatal("FillEmpty changed nothing")
	}
	for f := range seen {
		got, want := enrich.Get(cur, f), enrich.Get(found, f)
		if why := enrich.NotStored(f); why != "" {
			want = ""
		}
		if got != want {
			t.Errorf("stored %s = %q, want %q (NotStored %q)", f, got, want, enrich.NotStored(f))
		}
	}
}
