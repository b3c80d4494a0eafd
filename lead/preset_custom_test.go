package lead

import "testing"

// A "custom.NAME" column feeds the custom field NAME as written, whatever the preset
// and whether NAME is also a lead field's column; --map still wins over it.
func TestMapColumnsCustomPrefix(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		header, preset string
		user           map[string]string
		field          Field
		custom         string
	}{
		{"custom.seniority", PresetPaceline, nil, FieldCustom, "seniority"},
		{"custom.city", PresetPaceline, nil, FieldCustom, "city"},
		{"Custom.Deal Stage", PresetGeneric, nil, FieldCustom, "Deal Stage"},
		{"custom.email", PresetGeneric, nil, FieldCustom, "email"},
		{"custom. tier ", PresetApollo, nil, FieldCustom, "tier"},
		{"custom.", PresetGeneric, nil, FieldCustom, "custom"},
		{"custom_seniority", PresetPaceline, nil, FieldCustom, "custom_seniority"},
		{"custom.mail", PresetGeneric, map[string]string{"custom.mail": "email"}, FieldEmail, ""},
		{"city", PresetPaceline, nil, FieldCity, ""},
	} {
		cols, err := mapColumns([]string{"email", tc.header}, tc.preset, tc.user)
		if err != nil {
			t.Fatalf("%q: %v", tc.header, err)
		}
		if c := cols[1]; c.Field != tc.field || c.Custom != tc.custom {
			t.Errorf("%q under %s: %v %q; want %v %q", tc.header, tc.preset, c.Field, c.Custom, tc.field, tc.custom)
		}
	}
}
