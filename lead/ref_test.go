package lead

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
)

func TestParseRef(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Key
	}{
		{"in:Ada-L", Key{KeyProfile, "ada-l"}},
		{"ada-l", Key{KeyProfile, "ada-l"}},
		{" Ada-L ", Key{KeyProfile, "ada-l"}},
		{"https://fr.linkedin.com/in/ada-l/?trk=x", Key{KeyProfile, "ada-l"}},
		{"linkedin.com/in/ada-l", Key{KeyProfile, "ada-l"}},
		{"sales:ACwAAAB1", Key{KeySales, "ACwAAAB1"}},
		{"https://www.linkedin.com/sales/lead/ACwAAAB1,NAME_SEARCH,x", Key{KeySales, "ACwAAAB1"}},
		{"email:Ada@Acme.com", Key{KeyEmail, "ada@acme.com"}},
		{"Ada@Acme.com", Key{KeyEmail, "ada@acme.com"}},
	}
	for _, tt := range tests {
		got, err := ParseRef(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseRef(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "email:not-an-address", "https://example.com/in/ada", "https://www.linkedin.com/company/acme"} {
		if k, err := ParseRef(bad); err == nil {
			t.Errorf("ParseRef(%q) = %v, want an error", bad, k)
		}
	}
}

// oneLead is a paceline.LeadStore that holds one lead, found by any of its keys.
type oneLead struct {
	paceline.LeadStore
	l *paceline.Lead
}

func (s oneLead) LeadByKey(_ context.Context, kind, value string) (*paceline.Lead, error) {
	for _, k := range Keys(s.l) {
		if k.Type.String() == kind && k.Value == value {
			return s.l, nil
		}
	}
	return nil, paceline.Errorf(paceline.ENOTFOUND, "no lead has key %s:%s", kind, value)
}

// A stored lead is resolved to its own runtime reference by any key it carries; a
// person not stored to the canonical form of the key given.
func TestResolveRef(t *testing.T) {
	t.Parallel()
	st := oneLead{l: &paceline.Lead{ProfileKey: "ada-l", SalesKey: "ACwAAAB1", Email: "ada@acme.com"}}
	ctx := context.Background()
	for in, want := range map[string]string{
		"https://www.linkedin.com/in/Ada-L/":           "ada-l",
		"ADA@acme.com":                                 "ada-l",
		"email:ada@acme.com":                           "ada-l",
		"https://www.linkedin.com/sales/lead/ACwAAAB1": "ada-l",
		"in:bob-b":     "bob-b",
		"Bob@Acme.com": "email:bob@acme.com",
		"sales:ACwZZZ": "sales:ACwZZZ",
	} {
		if got, err := ResolveRef(ctx, st, in); err != nil || got != want {
			t.Errorf("ResolveRef(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ResolveRef(ctx, st, "https://example.com/x"); paceline.ErrorCode(err) != paceline.EINVALID {
		t.Errorf("an unreadable reference: %v, want EINVALID", err)
	}
}
