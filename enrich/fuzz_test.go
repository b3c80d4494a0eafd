package enrich

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/paceline/paceline/lead"
)

// FuzzGuesses checks that every guessed address, whatever the name, is a plain ASCII
// address that lead import would accept.
func FuzzGuesses(f *testing.F) {
	for _, s := range [][2]string{
		{"Jane", "Doe"}, {"Zoë", "Łukasiewicz-Ørsted"}, {"Jürgen", "Müller"}, {"Anne-Marie", "de la Tour"},
		{"O'Brien", ""}, {"Иван", "Петров"}, {"-", "--"}, {"J.", "R."}, {"a\u0301", "ß"},
		{strings.Repeat("x", 80), "y"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, first, last string) {
		for _, g := range guesses(DefaultPatterns, first, last) {
			addr := g.local + "@acme.io"
			got, err := lead.CanonicalEmail(addr)
			if err != nil || got != addr {
				t.Fatalf("guess %q for %q %q: CanonicalEmail = %q, %v", addr, first, last, got, err)
			}
			for i := 0; i < len(g.local); i++ {
				if c := g.local[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte(".-_", c) >= 0) {
					t.Fatalf("guess %q has byte %q", g.local, c)
				}
			}
			if g.prior <= 0 || g.prior > 1 {
				t.Fatalf("guess %q has prior %v", g.local, g.prior)
			}
		}
	})
}

// FuzzDomainFromWebsite checks that a domain read from a website reads back as itself.
func FuzzDomainFromWebsite(f *testing.F) {
	for _, s := range []string{
		"https://www.acme.io/about", "acme.co.uk:443", "http://[::1]/", "linkedin.com/company/x",
		"ftp://user:pw@host.example/", "www.", "a.b.c.d.e", "https://xn--mnchen-3ya.de", "münchen.de",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, ok := DomainFromWebsite(in)
		if !ok {
			return
		}
		if !validHost(d) {
			t.Fatalf("DomainFromWebsite(%q) = %q, not a valid host", in, d)
		}
		if again, ok := DomainFromWebsite(d); !ok || again != d {
			t.Fatalf("DomainFromWebsite(%q) = %q, but that reads back as %q, %v", in, d, again, ok)
		}
	})
}

// FuzzJSONPath checks that no document or path makes a lookup panic, and that a found
// value is never empty.
func FuzzJSONPath(f *testing.F) {
	f.Add(`{"person": {"title": "CTO"}}`, "person.title")
	f.Add(`{"emails": [{"address": "a@b.io"}]}`, "emails[0].address")
	f.Add(`[1, 2, 3]`, "2")
	f.Add(`{"a": null}`, "a.b")
	f.Add(`{"a": "x"}`, "a[-1]")
	f.Fuzz(func(t *testing.T, doc, path string) {
		var v any
		dec := json.NewDecoder(strings.NewReader(doc))
		dec.UseNumber()
		if dec.Decode(&v) != nil {
			return
		}
		p, err := parseJSONPath(path)
		if err != nil {
			return
		}
		got, found, err := p.lookup(v)
		if found && (got == "" || err != nil) {
			t.Fatalf("lookup(%s) in %s = %q, %v, %v", path, doc, got, found, err)
		}
	})
}
