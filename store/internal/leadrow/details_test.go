package leadrow

import (
	"reflect"
	"testing"

	"github.com/paceline/paceline"
)

func TestDetailsRoundTrip(t *testing.T) {
	t.Parallel()
	for _, l := range []paceline.Lead{
		{},
		{DisplayName: "Zoë O'Connor", Company: `Acme "Tools", Inc.`, CompanyKey: "acme tools",
			Department: "Sales\\Ops", Location: "Paris, Île-de-France\n", TimeZone: "Europe/Paris",
			Industry: "Retail\x01", EmployeesMin: 11, EmployeesMax: -1, OpenProfile: true,
			MutualConnections: 49},
		{Premium: true, EmployeesMax: 10001},
	} {
		s := DetailsJSON(&l)
		var back paceline.Lead
		if err := ParseDetails(s, &back); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if !reflect.DeepEqual(back, l) {
			t.Errorf("%s decoded to %+v, want %+v", s, back, l)
		}
	}
}

// The migrations build the array with the databases' JSON functions: PostgreSQL's
// json_build_array spaces its elements, and a row written before the column held
// anything is "[]".
func TestParseDetailsOfTheDatabases(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]paceline.Lead{
		`[]`:                    {},
		` [ "A" , "B\u00e9" ] `: {DisplayName: "A", Company: "Bé"},
		`["", "Acme", "acme", "", "Berlin", "", "Internet", 51, 200, true, false, 7]`: {Company: "Acme",
			CompanyKey: "acme", Location: "Berlin", Industry: "Internet", EmployeesMin: 51,
			EmployeesMax: 200, OpenProfile: true, MutualConnections: 7},
	} {
		var got paceline.Lead
		if err := ParseDetails(s, &got); err != nil {
			t.Errorf("%s: %v", s, err)
		} else if !reflect.DeepEqual(got, want) {
			t.Errorf("%s decoded to %+v, want %+v", s, got, want)
		}
	}
	for _, s := range []string{``, `{}`, `["a"`, `["a" "b"]`, `["a",]`, `[1]`, `["a"] x`,
		`["","","","","","","",1,2,true,false,3,4]`, `["","","","","","","","x"]`} {
		var l paceline.Lead
		if err := ParseDetails(s, &l); err == nil {
			t.Errorf("%s decoded without an error", s)
		}
	}
}
