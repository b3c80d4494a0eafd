package enrich_test

import (
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/enrich"
)

// Local fills what a lead's own fields tell, and says where each value came from.
func ExampleLocal() {
	l := paceline.Lead{
		FirstName: "Zoë",
		Email:     "zoe@acme.io",
		Title:     "Head of Engineering",
		Location:  "Lyon, Auvergne-Rhône-Alpes, France",
	}
	for _, f := range enrich.Local(&l) {
		fmt.Println(f)
	}
	// Output:
	// company_domain = acme.io (from email)
	// seniority = head (from title)
	// department = engineering (from title)
	// time_zone = Europe/Paris (from location)
}

// Transliterate writes a name as an address's local part would.
func ExampleTransliterate() {
	for _, name := range []string{"Zoë", "Łukasz", "Søren", "Straße", "O'Brien"} {
		fmt.Println(enrich.Transliterate(name))
	}
	// Output:
	// zoe
	// lukasz
	// soren
	// strasse
	// obrien
}
