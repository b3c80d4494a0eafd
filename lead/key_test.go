package lead

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paceline/paceline"
)

func TestCanonicalProfileKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string // "" means refused
	}{
		{"https://www.linkedin.com/in/john-doe", "in:john-doe"},
		{"http://linkedin.com/in/john-doe/", "in:john-doe"},
		{"linkedin.com/in/john-doe", "in:john-doe"},
		{"www.linkedin.com/in/John-Doe?trk=abc#x", "in:john-doe"},
		{"HTTPS://FR.LINKEDIN.COM/IN/JOHN-DOE/", "in:john-doe"},
		{"https://de.linkedin.com/in/john-doe/de", "in:john-doe"},
		{"https://m.linkedin.com/in/john-doe", "in:john-doe"},
		{"  https://www.linkedin.com/in/john-doe/details/experience/  ", "in:john-doe"},
		{"https://www.linkedin.com.:443/in/john-doe", "in:john-doe"},
		{"https://www.linkedin.com/in/j%C3%A9r%C3%B4me-dupont-4a5b6c", "in:jérôme-dupont-4a5b6c"},
		{"https://www.linkedin.com/in/J%C3%89R%C3%94ME-DUPONT-4a5b6c", "in:jérôme-dupont-4a5b6c"},
		{"https://www.linkedin.com/in/jérôme-dupont-4a5b6c", "in:jérôme-dupont-4a5b6c"},
		{"https://www.linkedin.com/in/je\u0301ro\u0302me-dupont-4a5b6c", "in:jérôme-dupont-4a5b6c"}, // NFD
		{"https://www.linkedin.com/in/%E5%BC%A0%E4%BC%9F", "in:张伟"},
		{"https://www.linkedin.com/in/ACoAABcDeFgHiJkLmNoPqRsTuV", "in:ACoAABcDeFgHiJkLmNoPqRsTuV"},
		{"https://www.linkedin.com/pub/john-doe/12/345/678", "in:john-doe-678345012"},
		{"http://uk.linkedin.com/pub/jane-roe/1a/b2c/3d4/", "in:jane-roe-3d4b2c01a"},
		{"https://www.linkedin.com/sales/lead/ACwAAAB1c2VyX2lk,NAME_SEARCH,x1y2", "sales:ACwAAAB1c2VyX2lk"},
		{"https://www.linkedin.com/sales/people/ACwAAAB1c2VyX2lk,name,abc", "sales:ACwAAAB1c2VyX2lk"},
		{"https://www.linkedin.com/sales/lead/ACwAAAB1c2VyX2lk%2CNAME_SEARCH%2Cx1y2?_ntb=1", "sales:ACwAAAB1c2VyX2lk"},
		{"https://www.linkedin.com/company/acme", ""},
		{"https://www.linkedin.com/pub/dir/john/doe", ""},
		{"https://www.linkedin.com/pub/john-doe", ""},
		{"https://www.linkedin.com/sales/search/people", ""},
		{"https://notlinkedin.com/in/john-doe", ""},
		{"https://linkedin.com.evil.io/in/john-doe", ""},
		{"https://user@linkedin.com/in/john-doe", ""},
		{"https://lnkd.in/abc", ""},
		{"https://twitter.com/jdoe", ""},
		{"ftp://linkedin.com/in/john-doe", ""},
		{"https://www.linkedin.com/in/", ""},
		{"https://www.linkedin.com/in/x", ""},
		{"https://www.linkedin.com/in/john%2", ""},
		{"https://www.linkedin.com/in/john doe", ""},
		{"https://www.linkedin.com/in/john%00doe", ""},
		{"john-doe", ""},
		{"", ""},
		{"N/A", ""},
	}
	for _, tt := range tests {
		got, err := CanonicalProfileKey(tt.in)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("CanonicalProfileKey(%q) = %v, want a refusal", tt.in, got)
		case tt.want == "" && paceline.ErrorCode(err) != paceline.EINVALID:
			t.Errorf("CanonicalProfileKey(%q) error %v is not EINVALID", tt.in, err)
		case tt.want != "" && err != nil:
			t.Errorf("CanonicalProfileKey(%q) error %v, want %s", tt.in, err, tt.want)
		case tt.want != "" && got.String() != tt.want:
			t.Errorf("CanonicalProfileKey(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestCanonicalProfileKeyVariantsCollapse(t *testing.T) {
	t.Parallel()
	variants := []string{
		"https://www.linkedin.com/in/marie-curie-1867",
		"http://www.linkedin.com/in/marie-curie-1867/",
		"https://fr.linkedin.com/in/Marie-Curie-1867?originalSubdomain=fr",
		"linkedin.com/in/MARIE-CURIE-1867#about",
		"https://m.linkedin.com/in/marie%2Dcurie%2D1867",
	}
	first, err := CanonicalProfileKey(variants[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range variants[1:] {
		k, err := CanonicalProfileKey(v)
		if err != nil || k != first {
			t.Errorf("%q -> %v, %v; want %v", v, k, err, first)
		}
	}
}

func FuzzCanonicalProfileKey(f *testing.F) {
	for _, s := range []string{
		"https://www.linkedin.com/in/john-doe", "fr.linkedin.com/in/J%C3%A9r%C3%B4me/",
		"https://www.linkedin.com/pub/john-doe/12/345/678", "https://www.linkedin.com/sales/lead/ACwAAA,x,y",
		"https://www.linkedin.com/in/%E5%BC%A0%E4%BC%9F?x#y", "http://", "%", "linkedin.com/in/\xff\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		k, err := CanonicalProfileKey(raw)
		if err != nil {
			if paceline.ErrorCode(err) != paceline.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if k.Value == "" || !utf8.ValidString(k.Value) {
			t.Fatalf("key %q is empty or not UTF-8", k.Value)
		}
		if strings.ContainsAny(k.Value, "/?# \t\n%") {
			t.Fatalf("key %q holds a URL delimiter", k.Value)
		}
		// Canonical is a fixed point: the canonical URL gives the same key back.
		url := "https://www.linkedin.com/in/" + k.Value
		if k.Type == KeySales {
			url = "https://www.linkedin.com/sales/lead/" + k.Value
		}
		again, err := CanonicalProfileKey(url)
		if err != nil || again != k {
			t.Fatalf("%q -> %v; its URL %q -> %v, %v", raw, k, url, again, err)
		}
	})
}

func TestCanonicalEmail(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"  Jane.Doe@Example.COM ", "jane.doe@example.com"},
		{"mailto:jane@example.fr", "jane@example.fr"},
		{"Jane Doe <jane+sales@example.co.uk>", "jane+sales@example.co.uk"},
		{"josé@exämple.de", "josé@xn--exmple-cua.de"}, // the domain in its IDNA ASCII form
		{"a@b.io", "a@b.io"},
		{"jane@example", ""},
		{"jane.example.com", ""},
		{"jane@@example.com", ""},
		{".jane@example.com", ""},
		{"ja..ne@example.com", ""},
		{"jane doe@example.com", ""},
		{"jane@-example.com", ""},
		{"jane@example.c", ""},
		{"jane@example.123", ""},
		{"@example.com", ""},
		{"", ""},
		{strings.Repeat("a", 65) + "@example.com", ""},
	}
	for _, tt := range tests {
		got, err := CanonicalEmail(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("CanonicalEmail(%q) = %q, want a refusal", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("CanonicalEmail(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestKeyHash(t *testing.T) {
	t.Parallel()
	a, _ := CanonicalProfileKey("https://fr.linkedin.com/in/Marie-Curie/")
	b, _ := CanonicalProfileKey("linkedin.com/in/marie-curie")
	if a.Hash() != b.Hash() {
		t.Errorf("URL forms hash apart: %s vs %s", a.Hash(), b.Hash())
	}
	if !strings.HasPrefix(a.Hash(), "in:") || len(a.Hash()) != len("in:")+64 || strings.Contains(a.Hash(), "marie") {
		t.Errorf("hash %q is not type:hex-sha256", a.Hash())
	}
	if (Key{KeyEmail, "marie-curie"}).Hash() == a.Hash() {
		t.Error("the key type does not enter the hash")
	}
}
