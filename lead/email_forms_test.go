package lead

import (
	"slices"
	"testing"
)

// One mailbox, written in the forms files carry it in: Unicode NFC and NFD (macOS), a
// Unicode domain and its IDNA (punycode) form, capitals. Each form is one key.
func TestCanonicalEmailForms(t *testing.T) {
	for _, forms := range [][]string{
		{"jos\u00e9@acme.com", "jose\u0301@acme.com", "JOS\u00c9@ACME.COM", "JOSE\u0301@acme.com"},
		{"anna@m\u00fcnchen.de", "anna@mu\u0308nchen.de", "anna@xn--mnchen-3ya.de", "Anna@M\u00dcNCHEN.DE"},
		{"\u00e9mile@\u00e9cole.fr", "e\u0301mile@e\u0301cole.fr"},
	} {
		want, err := CanonicalEmail(forms[0])
		if err != nil {
			t.Fatalf("CanonicalEmail(%q): %v", forms[0], err)
		}
		for _, f := range forms[1:] {
			if got, err := CanonicalEmail(f); err != nil || got != want {
				t.Errorf("CanonicalEmail(%q) = %q, %v; want %q, the key of %q", f, got, err, want, forms[0])
			}
		}
	}
	if got, _ := CanonicalEmail("anna@m\u00fcnchen.de"); got != "anna@xn--mnchen-3ya.de" {
		t.Errorf("the domain is not in its ASCII form: %q", got)
	}
}

// The forms an address had before NFC and IDNA are found from its key alone, so that a
// suppression entry made then still suppresses it.
func TestLegacyEmailForms(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want []string
	}{
		{"jane@acme.com", nil},
		{"jos\u00e9@acme.com", []string{"jose\u0301@acme.com"}},
		{"Anna@M\u00fcnchen.de", []string{"anna@m\u00fcnchen.de", "anna@mu\u0308nchen.de"}},
		{"anna@xn--mnchen-3ya.de", []string{"anna@m\u00fcnchen.de", "anna@mu\u0308nchen.de"}},
	} {
		c, err := CanonicalEmail(tc.raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := legacyEmailForms(c); !slices.Equal(got, tc.want) {
			t.Errorf("legacyEmailForms(%q) = %q, want %q", c, got, tc.want)
		}
	}
	set := map[string]struct{}{Key{KeyEmail, "jose\u0301@acme.com"}.Hash(): {}}
	if !(Key{KeyEmail, "jos\u00e9@acme.com"}).listedIn(set) {
		t.Error("an address is not found on the list under the hash of its old NFD form")
	}
	if (Key{KeyProfile, "jos\u00e9"}).listedIn(set) {
		t.Error("a profile key was looked up as an address")
	}
}
