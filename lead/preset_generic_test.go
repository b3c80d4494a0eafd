package lead

import (
	"strings"
	"testing"
)

// The header names hand-made spreadsheets give the identity columns: "Profil" (with
// LinkedIn URLs) was kept as custom.profil and "Personal Email" as a custom field, so
// such a file had no identity column at all.
func TestGenericColumnsIdentityVariants(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		header string
		field  Field
	}{
		{"Profil", FieldProfileURL},
		{"Profile", FieldProfileURL},
		{"LinkedIn", FieldProfileURL},
		{"Lien LinkedIn", FieldProfileURL},
		{"LinkedIn Profile Link", FieldProfileURL},
		{"URL LinkedIn", FieldProfileURL},
		{"Perfil", FieldProfileURL},
		{"Personal Email", FieldEmail},
		{"Work Email", FieldEmail},
		{"E-Mail", FieldEmail},
		{"E-Mail-Adresse", FieldEmail},
		{"Courriel", FieldEmail},
		{"Adresse e-mail", FieldEmail},
		{"Email pro", FieldEmail},
		{"Correo electrónico", FieldEmail},
		{"Private Email", FieldEmail},
		{"Favourite Tool", FieldCustom},
	} {
		cols, err := mapColumns([]string{"Name", tc.header}, PresetGeneric, nil)
		if err != nil {
			t.Fatalf("%q: %v", tc.header, err)
		}
		if got := cols[1].Field; got != tc.field {
			t.Errorf("%q reads as %v; want %v", tc.header, got, tc.field)
		}
	}
}

// Locale headers of a hand-made list for the place, the company and the job: a German
// file's Ort (town) was kept as custom.ort, so its leads had no location, no time
// zone and no points from location rules.
func TestGenericColumnsLocaleVariants(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		header string
		field  Field
	}{
		{"Ort", FieldCity},
		{"Wohnort", FieldCity},
		{"Stadt", FieldCity},
		{"Standort", FieldLocation},
		{"Bundesland", FieldState},
		{"Land", FieldCountry},
		{"Firma", FieldCompany},
		{"Firmenname", FieldCompany},
		{"Position", FieldTitle},
		{"Funktion", FieldTitle},
		{"Berufsbezeichnung", FieldTitle},
		{"Vorname", FieldFirstName},
		{"Nachname", FieldLastName},
		{"Région", FieldState},
		{"País", FieldCountry},
		{"Ubicación", FieldLocation},
		{"Puesto", FieldTitle},
		{"Titel", FieldCustom}, // an academic title (Dr.), not the job
	} {
		cols, err := mapColumns([]string{"E-Mail", tc.header}, PresetGeneric, nil)
		if err != nil {
			t.Fatalf("%q: %v", tc.header, err)
		}
		if got := cols[1].Field; got != tc.field {
			t.Errorf("%q reads as %v; want %v", tc.header, got, tc.field)
		}
	}
}

// A German list's place columns give the lead its location and so its time zone.
func TestGermanPlaceColumnsGiveTimeZone(t *testing.T) {
	t.Parallel()
	rd, err := NewReader(strings.NewReader("Vorname;Nachname;E-Mail;Ort;Land\nAnna;Schmidt;a@s.de;München;Deutschland\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var row Row
	if err := rd.Read(&row); err != nil || row.Err != nil {
		t.Fatalf("read: %v %v", err, row.Err)
	}
	if row.Lead.Location != "München, Deutschland" || row.Lead.TimeZone != "Europe/Berlin" || len(row.Lead.Custom) != 0 {
		t.Errorf("location %q, time zone %q, custom %v; want München, Deutschland in Europe/Berlin and no custom field",
			row.Lead.Location, row.Lead.TimeZone, row.Lead.Custom)
	}
}
