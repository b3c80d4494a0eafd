package lead

import "testing"

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
