package enrich

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

// A value CheckFunc refuses is neither stored nor read by the local rules (no company
// domain from a refused email), its error names the provider and the value, and the
// provider's other values are kept.
func TestEnricherCheckFuncSkipsRefusedValues(t *testing.T) {
	t.Parallel()
	var asked []Fill
	e := Enricher{
		Providers: []Looker{fakeLooker{name: "vendor", got: map[string]string{
			"email": " Zoe@Acme.io ",
			"title": "CTO",
		}}},
		CheckFunc: func(_ context.Context, _ *paceline.Lead, f Fill) error {
			asked = append(asked, f)
			if f.Field == FieldEmail {
				return paceline.Errorf(paceline.ECONFLICT, "it is already the email of lead 1")
			}
			return nil
		},
	}
	l := paceline.Lead{FirstName: "Bob"}
	fills, err := e.Enrich(context.Background(), &l)
	want := []Fill{
		{FieldTitle, "CTO", "provider:vendor"},
		{FieldSeniority, "c-level", FieldTitle},
		{FieldDepartment, "engineering", FieldTitle},
	}
	if !reflect.DeepEqual(fills, want) {
		t.Errorf("fills =\n%v\nwant\n%v", fills, want)
	}
	if l.Email != "" || Get(&l, FieldCompanyDomain) != "" {
		t.Errorf("refused email left a trace: email %q, company_domain %q", l.Email, Get(&l, FieldCompanyDomain))
	}
	msg := paceline.ErrorMessage(err)
	if paceline.ErrorCode(err) != paceline.ECONFLICT || !strings.Contains(msg, "provider vendor gave the email zoe@acme.io") ||
		!strings.Contains(msg, "already the email of lead 1") {
		t.Errorf("err = %v (%s)", err, msg)
	}
	if len(asked) != 2 || asked[0].Value != "zoe@acme.io" {
		t.Errorf("CheckFunc asked about %v, want the normalised email and the title", asked)
	}
}

// A check that cannot be made (the store failed) stops the enrichment rather than
// storing or dropping a value unchecked.
func TestEnricherCheckFuncFailureStops(t *testing.T) {
	t.Parallel()
	broken := errors.New("database is locked")
	e := Enricher{
		Providers: []Looker{fakeLooker{name: "vendor", got: map[string]string{"email": "zoe@acme.io"}}},
		CheckFunc: func(context.Context, *paceline.Lead, Fill) error { return broken },
	}
	l := paceline.Lead{FirstName: "Bob"}
	if _, err := e.Enrich(context.Background(), &l); !errors.Is(err, broken) {
		t.Errorf("err = %v, want the check's failure", err)
	}
	if l.Email != "" {
		t.Errorf("unchecked email stored: %q", l.Email)
	}
}
