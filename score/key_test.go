package score_test

import (
	"strings"
	"testing"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
)

// A custom rule finds its column by the key the importer keeps it under; score keeps
// its own copy of that rule (package lead's tests import score), which must agree.
func TestCustomKeyIsTheImporters(t *testing.T) {
	t.Parallel()
	headers := []string{"Notiz", "Favourite Tool", "lieblings_sprache", "  Tech Stack (2026) ", "Größe", "custom.Notiz",
		"CUSTOM. Mixed Case", "e-mail typ", "Ünternehmen-ID", "A1 b2", "---", "custom.seniority"}
	rd, err := lead.NewReader(strings.NewReader("email;"+strings.Join(headers, ";")+"\n"), lead.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range rd.Columns()[1:] {
		if c.Field != lead.FieldCustom {
			t.Fatalf("%q is read as %v, not a custom field: pick another header", headers[i], c.Field)
		}
		if got := score.CustomKey(headers[i]); got != c.Custom {
			t.Errorf("%q: score reads custom field %q, the importer keeps it as %q", headers[i], got, c.Custom)
		}
	}
}
