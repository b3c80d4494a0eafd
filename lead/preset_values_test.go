package lead

import (
	"reflect"
	"strings"
	"testing"
)

// A column named as no preset knows it is read by its values: mostly LinkedIn
// URLs or email addresses make it an identity column; a few make it a hint for the
// error of a file with no identity column; --map keeps the user's word.
func TestApplyIdentityGuesses(t *testing.T) {
	t.Parallel()
	header := []string{"Nom", "Lien", "Qui", "Notes", "Site"}
	sample := [][]string{
		{"Ann", "https://www.linkedin.com/in/ann-lee", "ann@acme.io", "see linkedin.com/in/x", "https://acme.io"},
		{"Bo", "linkedin.com/in/bo-chan/", "", "", "https://www.linkedin.com/company/acme"},
		{"Cy", "https://fr.linkedin.com/in/cy-dahl?trk=x", "cy at acme", "cy@acme.io", ""},
		{"Di", "", "di@acme.io", "call back", ""},
		{"Ed", "pas encore", "ed@acme.io", "", ""},
	}
	cols, err := mapColumns(header, PresetGeneric, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cols[1].Field != FieldCustom || cols[2].Field != FieldCustom {
		t.Fatalf("the header maps to %+v", cols)
	}
	applied, hints := applyIdentityGuesses(cols, sample, nil)
	var got []string
	for _, g := range applied {
		got = append(got, g.header+"="+g.field.String())
	}
	if want := []string{"Lien=profile_url", "Qui=email"}; !reflect.DeepEqual(got, want) {
		t.Errorf("applied %v; want %v", got, want)
	}
	if cols[1].Field != FieldProfileURL || cols[1].Custom != "" || cols[2].Field != FieldEmail {
		t.Errorf("the columns are now %+v", cols)
	}
	if len(hints) != 1 || hints[0].header != "Notes" || hints[0].field != FieldEmail {
		t.Errorf("hints %+v; want Notes as an email column", hints)
	}
	if h := identityHint(hints); h != "if a column holds them, name it: --map Notes=email (1 of its 3 values looks like one)" {
		t.Errorf("hint %q", h)
	}

	// Too few values to be sure: a hint, not a mapping.
	few, err := mapColumns(header, PresetGeneric, nil)
	if err != nil {
		t.Fatal(err)
	}
	applied, hints = applyIdentityGuesses(few, sample[:2], nil)
	if h := identityHint(hints); len(applied) != 0 || len(hints) != 2 ||
		h != "if a column holds them, name it: --map Lien=linkedin_url (2 of its 2 values look like one), or --map Qui=email (1 of its 1 value looks like one)" {
		t.Errorf("two rows: applied %+v, hints %+v", applied, hints)
	}

	// --map Lien=custom keeps the column custom.
	mapped, err := mapColumns(header, PresetGeneric, map[string]string{"Lien": "custom"})
	if err != nil {
		t.Fatal(err)
	}
	applied, _ = applyIdentityGuesses(mapped, sample, map[string]bool{foldHeader("Lien"): true})
	if len(applied) != 1 || applied[0].header != "Qui" || mapped[1].Field != FieldCustom {
		t.Errorf("with --map Lien=custom: applied %+v, columns %+v", applied, mapped)
	}
	if h := identityHint(nil); !strings.Contains(h, "--map COLUMN=linkedin_url") {
		t.Errorf("no hint: %q", h)
	}
}

// A header with a space or a quote comes back quoted for the shell.
func TestIdentityGuessMapFlag(t *testing.T) {
	t.Parallel()
	g := identityGuess{header: "Lien profil", field: FieldProfileURL}
	if got := g.mapFlag(); got != "--map 'Lien profil=linkedin_url'" {
		t.Errorf("mapFlag %q", got)
	}
}
