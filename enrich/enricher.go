package enrich

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// Fill is one field the enricher filled: its name, the value it set on the lead and
// where the value came from ("website", "email", "title", "location", "company", or
// "provider:NAME"), so a user can see why a lead now has a time zone. A store writes
// back every Fill but those NotStored sets apart (a name, a profile URL).
type Fill struct {
	Field  string `json:"field"`
	Value  string `json:"value"`
	Source string `json:"source"`
}

// String reads "time_zone = Europe/Paris (from location)".
func (f Fill) String() string {
	return fmt.Sprintf("%s = %s (from %s)", f.Field, f.Value, f.Source)
}

// Looker is an outside source of lead facts, such as a Provider. Lookup returns values
// keyed by lead field name; ErrNotEnoughInput means the lead lacks what the source
// needs to look it up, which is a skip, not a failure. Fills lists the fields it can
// give, so that a lead that has them all costs no request (paid APIs bill per call);
// fields a store never writes back (NotStored) do not count as missing.
type Looker interface {
	Name() string
	Fills() []string
	Lookup(ctx context.Context, l *paceline.Lead) (map[string]string, error)
}

// ErrNotEnoughInput is returned by a Looker when the lead lacks a field its request
// needs (a provider keyed by email for a lead without one).
var ErrNotEnoughInput = errors.New("the lead lacks a field the request needs")

// Enricher fills a lead's missing fields, first from what the lead already has, then
// from its providers in order. It never overwrites a field that is set, so running it
// twice, or after a user's correction, changes nothing the user wrote.
//
// The zero Enricher uses no provider and is ready to use; it is safe for concurrent
// use when its providers are.
type Enricher struct {
	Providers []Looker
	// CheckFunc, when not nil, is asked about each value a provider gives, normalised
	// as it would be stored, before the lead takes it. A value it refuses is skipped,
	// and its error, naming the provider and the value, is returned with the others: a
	// provider's email that is another lead's, or a suppressed person's, would
	// otherwise make the store refuse the whole batch. The lead's other fills stand.
	// It refuses with a *paceline.Error; any other error means it could not tell.
	CheckFunc func(ctx context.Context, l *paceline.Lead, f Fill) error
}

// Enrich fills l in place and reports what it filled. A provider that fails does not
// stop the others: its error is returned, joined with any other, after every source
// has had its turn, and the fills made so far stay in l and in the report. So is the
// error of each value CheckFunc refused, a *paceline.Error that names the provider. A
// CheckFunc error that is no *paceline.Error (the store could not answer) stops
// Enrich at once and is returned alone.
func (e *Enricher) Enrich(ctx context.Context, l *paceline.Lead) ([]Fill, error) {
	fills := Local(l)
	var errs []error
	for _, p := range e.Providers {
		if !lacksAny(l, p.Fills()) {
			continue
		}
		got, err := p.Lookup(ctx, l)
		if errors.Is(err, ErrNotEnoughInput) {
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		src := "provider:" + p.Name()
		for _, name := range slices.Sorted(maps.Keys(got)) {
			if err := e.check(ctx, l, name, got[name], p.Name()); err != nil {
				var refused *paceline.Error
				if !errors.As(err, &refused) {
					return fills, err // the check could not be made: stop, do not guess
				}
				errs = append(errs, err)
				continue
			}
			if v, ok := set(l, name, got[name]); ok {
				fills = append(fills, Fill{name, v, src})
			}
		}
		// A provider may bring a title or location the local rules can now read.
		fills = append(fills, Local(l)...)
	}
	return fills, errors.Join(errs...)
}

// check asks CheckFunc about the value provider gave for the field name, as set would
// store it (on a copy of l, so that a refused value leaves no trace).
func (e *Enricher) check(ctx context.Context, l *paceline.Lead, name, value, provider string) error {
	if e.CheckFunc == nil {
		return nil
	}
	scratch := *l
	scratch.Custom = maps.Clone(l.Custom)
	v, ok := set(&scratch, name, value)
	if !ok {
		return nil
	}
	err := e.CheckFunc(ctx, l, Fill{name, v, "provider:" + provider})
	var refused *paceline.Error
	if err != nil && !errors.As(err, &refused) {
		return fmt.Errorf("check the %s %s from enrichment provider %s: %w", name, v, provider, err)
	}
	if err != nil {
		return paceline.Errorf(paceline.ErrorCode(err), "enrichment provider %s gave the %s %s, which was not stored: %s", provider, name, v, paceline.ErrorMessage(err))
	}
	return nil
}

// Local fills what can be told from the lead's own fields, without any I/O: the company
// domain from a website, else from a work email (never a free-mail one); the company
// key from the company name; seniority and department from the title; the time zone
// from the location. It reports what it filled.
func Local(l *paceline.Lead) []Fill {
	var fills []Fill
	add := func(field, value, source string) {
		if v, ok := set(l, field, value); ok {
			fills = append(fills, Fill{field, v, source})
		}
	}
	if Get(l, FieldCompanyDomain) == "" {
		if d, ok := DomainFromWebsite(Get(l, FieldWebsite)); ok {
			add(FieldCompanyDomain, d, FieldWebsite)
		} else if d, ok := DomainFromEmail(l.Email); ok {
			add(FieldCompanyDomain, d, FieldEmail)
		}
	}
	if l.CompanyKey == "" && l.Company != "" {
		add(FieldCompanyKey, lead.CompanyKey(l.Company), FieldCompany)
	}
	if l.Title != "" && (l.Seniority == "" || l.Department == "") {
		s, d := lead.ClassifyTitle(l.Title)
		add(FieldSeniority, string(s), FieldTitle)
		add(FieldDepartment, d, FieldTitle)
	}
	if l.TimeZone == "" && l.Location != "" {
		add(FieldTimeZone, lead.TimeZoneFor(l.Location), FieldLocation)
	}
	return fills
}

// lacksAny reports whether the lead misses one of the fields that a store writes
// back: a provider that could only bring a name or a profile URL (NotStored) is not
// paid for values no store keeps.
func lacksAny(l *paceline.Lead, fields []string) bool {
	for _, f := range fields {
		if Get(l, f) == "" && NotStored(f) == "" {
			return true
		}
	}
	return false
}

// employeesText writes a head-count range the way ParseEmployees reads it.
func employeesText(lo, hi int) string {
	switch {
	case hi == 0:
		return strconv.Itoa(lo) + "+"
	case lo == hi:
		return strconv.Itoa(lo)
	default:
		return strconv.Itoa(lo) + "-" + strconv.Itoa(hi)
	}
}
