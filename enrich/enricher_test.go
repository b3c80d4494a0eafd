package enrich

import (
	"context"
	"errors"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

func TestDomainFromWebsite(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"https://www.Acme.io/about", "acme.io", true},
		{"acme.io", "acme.io", true},
		{"www.acme.co.uk:443/", "acme.co.uk", true},
		{"http://shop.acme.de.", "shop.acme.de", true},
		{"https://www.linkedin.com/company/acme", "", false},
		{"acme.wixsite.com/home", "", false},
		{"http://127.0.0.1/", "", false},
		{"localhost", "", false},
		{"not a site", "", false},
		{"jane@acme.io", "", false},
		{"", "", false},
		{"acme.123", "", false},
		{"-acme.io", "", false},
	}
	for _, tt := range tests {
		got, ok := DomainFromWebsite(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("DomainFromWebsite(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDomainFromEmail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"Jane.Doe@Acme.io", "acme.io", true},
		{"jane@gmail.com", "", false},
		{"jane@GMX.de", "", false},
		{"jane@", "", false},
		{"no-at-sign", "", false},
	}
	for _, tt := range tests {
		got, ok := DomainFromEmail(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("DomainFromEmail(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLocal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		lead  paceline.Lead
		want  []Fill
		check func(*paceline.Lead) string
	}{
		{
			name: "website beats email",
			lead: paceline.Lead{Email: "jane@acme-mail.com", Custom: map[string]string{"website": "https://www.acme.io"}},
			want: []Fill{{FieldCompanyDomain, "acme.io", FieldWebsite}},
		},
		{
			name: "work email",
			lead: paceline.Lead{Email: "jane@acme.io"},
			want: []Fill{{FieldCompanyDomain, "acme.io", FieldEmail}},
		},
		{
			name: "free mail gives no domain",
			lead: paceline.Lead{Email: "jane@gmail.com"},
			want: nil,
		},
		{
			name: "social profile as website falls back to the email",
			lead: paceline.Lead{Email: "jane@acme.io", Custom: map[string]string{"website": "linkedin.com/company/acme"}},
			want: []Fill{{FieldCompanyDomain, "acme.io", FieldEmail}},
		},
		{
			name: "title and location",
			lead: paceline.Lead{Title: "VP of Sales", Location: "Paris, Île-de-France, France", Company: "Acme, Inc."},
			want: []Fill{
				{FieldCompanyKey, "acme", FieldCompany},
				{FieldSeniority, "vp", FieldTitle},
				{FieldDepartment, "sales", FieldTitle},
				{FieldTimeZone, "Europe/Paris", FieldLocation},
			},
		},
		{
			name: "never overwrites",
			lead: paceline.Lead{
				Title: "VP of Sales", Seniority: paceline.SeniorityDirector, Department: "marketing",
				Location: "Paris, France", TimeZone: "America/New_York", Email: "jane@acme.io",
				Custom: map[string]string{"company_domain": "acme.com"},
			},
			want: nil,
			check: func(l *paceline.Lead) string {
				if l.Seniority != paceline.SeniorityDirector || l.Department != "marketing" ||
					l.TimeZone != "America/New_York" || l.Custom["company_domain"] != "acme.com" {
					return "a set field changed"
				}
				return ""
			},
		},
		{
			name: "only the missing department",
			lead: paceline.Lead{Title: "Head of Engineering", Seniority: paceline.SeniorityDirector},
			want: []Fill{{FieldDepartment, "engineering", FieldTitle}},
		},
		{
			name: "unknown place fills nothing",
			lead: paceline.Lead{Location: "Somewhere nice"},
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := tt.lead
			got := Local(&l)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Local = %v, want %v", got, tt.want)
			}
			if tt.check != nil {
				if msg := tt.check(&l); msg != "" {
					t.Error(msg)
				}
			}
			for _, f := range got {
				if v := Get(&l, f.Field); v != f.Value {
					t.Errorf("lead %s = %q, fill says %q", f.Field, v, f.Value)
				}
			}
			if again := Local(&l); again != nil {
				t.Errorf("second run filled %v; want nothing", again)
			}
		})
	}
}

type fakeLooker struct {
	name string
	got  map[string]string
	err  error
}

func (f fakeLooker) Name() string { return f.name }
func (f fakeLooker) Fills() []string {
	if f.got == nil {
		return []string{FieldTitle}
	}
	return slices.Sorted(maps.Keys(f.got))
}
func (f fakeLooker) Lookup(context.Context, *paceline.Lead) (map[string]string, error) {
	return f.got, f.err
}

func TestEnricherProviders(t *testing.T) {
	t.Parallel()
	e := Enricher{Providers: []Looker{
		fakeLooker{name: "skip", err: ErrNotEnoughInput},
		fakeLooker{name: "broken", err: errors.New("provider broken: status 500")},
		fakeLooker{name: "vendor", got: map[string]string{
			"title":          "CTO",
			"location":       "Berlin, Germany",
			"email":          "not an email",
			"company_size":   "51-200",
			"first_name":     "Someone Else",
			"custom.twitter": "@jane",
			"company_domain": "gmail.com",
		}},
	}}
	l := paceline.Lead{FirstName: "Jane", Email: "jane@gmail.com"}
	fills, err := e.Enrich(context.Background(), &l)
	if err == nil || !strings.Contains(err.Error(), "provider broken") {
		t.Errorf("err = %v, want the broken provider's error", err)
	}
	want := []Fill{
		{FieldCompanySize, "51-200", "provider:vendor"},
		{"custom.twitter", "@jane", "provider:vendor"},
		{FieldLocation, "Berlin, Germany", "provider:vendor"},
		{FieldTitle, "CTO", "provider:vendor"},
		{FieldSeniority, "c-level", FieldTitle},
		{FieldDepartment, "engineering", FieldTitle},
		{FieldTimeZone, "Europe/Berlin", FieldLocation},
	}
	if !reflect.DeepEqual(fills, want) {
		t.Errorf("fills =\n%v\nwant\n%v", fills, want)
	}
	if l.FirstName != "Jane" || l.Email != "jane@gmail.com" {
		t.Errorf("set fields overwritten: %q %q", l.FirstName, l.Email)
	}
	if l.EmployeesMin != 51 || l.EmployeesMax != 200 {
		t.Errorf("employees = %d-%d", l.EmployeesMin, l.EmployeesMax)
	}
}

func TestFillString(t *testing.T) {
	t.Parallel()
	f := Fill{FieldTimeZone, "Europe/Paris", FieldLocation}
	if got, want := f.String(), "time_zone = Europe/Paris (from location)"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}

func TestEnricherSkipsProvidersWithNothingToAdd(t *testing.T) {
	t.Parallel()
	called := 0
	e := Enricher{Providers: []Looker{countingLooker{&called}}}
	l := paceline.Lead{Title: "CTO", Industry: "Software"}
	if _, err := e.Enrich(context.Background(), &l); err != nil {
		t.Fatal(err)
	}
	if called != 0 {
		t.Errorf("provider called %d times for a lead that has every field it fills", called)
	}
	l.Industry = ""
	if _, err := e.Enrich(context.Background(), &l); err != nil {
		t.Fatal(err)
	}
	if called != 1 || l.Industry != "Software" {
		t.Errorf("provider called %d times, industry %q; want 1 call filling it", called, l.Industry)
	}
}

type countingLooker struct{ n *int }

func (c countingLooker) Name() string    { return "counting" }
func (c countingLooker) Fills() []string { return []string{FieldTitle, FieldIndustry} }
func (c countingLooker) Lookup(context.Context, *paceline.Lead) (map[string]string, error) {
	*c.n++
	return map[string]string{FieldTitle: "CEO", FieldIndustry: "Software"}, nil
}
