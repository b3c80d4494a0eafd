package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/paceline/paceline/lead"
)

// LeadFieldStore is how both stores answer, in the database, which custom fields the
// leads carry: the template field check of a sequence asks it instead of reading every
// lead.
type LeadFieldStore interface {
	CustomFieldsCarried(ctx context.Context, names []string) ([]string, error)
	CustomFieldNames(ctx context.Context) ([]string, error)
}

// testCustomFieldsCarried checks that CustomFieldsCarried names, in the order asked,
// the custom fields some lead carries, opted out ones included and erased ones not;
// that a name with quotes or JSON path syntax is a name like any other; and that
// CustomFieldNames lists every custom field once, sorted.
func testCustomFieldsCarried(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	s := open(t).LeadStore
	fs, ok := s.(LeadFieldStore)
	if !ok {
		t.Fatalf("%T cannot look up custom fields", s)
	}
	check := func(when string, ask, want, wantAll []string) {
		t.Helper()
		got, err := fs.CustomFieldsCarried(ctx, ask)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s: CustomFieldsCarried(%q) = %q, %v; want %q", when, ask, got, err, want)
		}
		all, err := fs.CustomFieldNames(ctx)
		if err != nil || !slices.Equal(all, wantAll) {
			t.Errorf("%s: CustomFieldNames = %q, %v; want %q", when, all, err, wantAll)
		}
	}
	ask := []string{"team_size", "first_nme", "favourite_topic", "pet", `a"b`, "$.pet", "pet.name"}
	check("no leads", ask, nil, nil)
	check("no names", nil, nil, nil)

	mustImport(t, s, "profileUrl,fullName,Favourite Topic,Team Size,Pet\n"+
		"https://www.linkedin.com/in/ada-l,Ada Lovelace,engines,,\n"+
		"https://www.linkedin.com/in/grace-h,Grace Hopper,,12,\n"+
		"https://www.linkedin.com/in/alan-t,Alan Turing,,,Porgy\n"+
		"https://www.linkedin.com/in/no-one,No One,,,\n", lead.ImportOptions{})
	all := []string{"favourite_topic", "pet", "team_size"}
	check("after the import", ask, []string{"team_size", "favourite_topic", "pet"}, all)

	alan := mustLeadByKey(t, s, "in", "alan-t")
	if err := s.OptOutLead(ctx, alan.ID, "asked"); err != nil {
		t.Fatal(err)
	}
	check("opted out", ask, []string{"team_size", "favourite_topic", "pet"}, all)

	if _, err := s.EraseLead(ctx, alan.ID); err != nil {
		t.Fatal(err)
	}
	check("erased", ask, []string{"team_size", "favourite_topic"}, []string{"favourite_topic", "team_size"})
}
