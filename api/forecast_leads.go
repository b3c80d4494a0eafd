package api

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
)

// EnrolledLeadReader tells which leads the campaigns hold: *sqlite.Store and
// *postgres.Store are ones (the reader campaigns start leaves enrolled leads out with).
type EnrolledLeadReader interface {
	// EnrolledLeads returns the references (paceline.Lead.RuntimeRef) of the leads
	// that run in any campaign now, or ever were in campaign.
	EnrolledLeads(ctx context.Context, campaign string) (map[string]bool, error)
}

// forecastLeads reads the best leads of list (up to ForecastMaxLeads) that a start of
// campaign would enroll now: a lead that runs in a campaign, or ever ran in campaign
// ("" for none), is left out, since a start leaves it out too (a forecast of a live
// database counted the leads the campaign had already done). It returns the leads,
// how many it left out, and whether the store could tell (a store that is not an
// EnrolledLeadReader cannot: every lead then counts).
func forecastLeads(ctx context.Context, leads paceline.LeadStore, list, campaign string) ([]*paceline.Lead, int, bool, error) {
	reader, ok := leads.(EnrolledLeadReader)
	if !ok {
		l, err := leads.ListLeads(ctx, paceline.LeadFilter{List: list, Limit: ForecastMaxLeads})
		return l, 0, false, err
	}
	enrolled, err := reader.EnrolledLeads(ctx, campaign)
	if err != nil {
		return nil, 0, false, fmt.Errorf("read the enrolled leads: %w", err)
	}
	all, err := leads.ListLeads(ctx, paceline.LeadFilter{List: list, Limit: ForecastMaxLeads + len(enrolled)})
	if err != nil {
		return nil, 0, false, err
	}
	out, left := all[:0], 0
	for _, l := range all {
		if isEnrolled(l, enrolled) {
			left++
			continue
		}
		if len(out) < ForecastMaxLeads {
			out = append(out, l)
		}
	}
	return out, left, true, nil
}

// isEnrolled says whether one of the lead's references is among the enrolled ones: a
// lead enrolled as sales:ID that an import has since given a profile URL is one person.
func isEnrolled(l *paceline.Lead, enrolled map[string]bool) bool {
	if len(enrolled) == 0 {
		return false
	}
	for _, ref := range []string{l.ProfileKey, prefixed("sales:", l.SalesKey), prefixed("email:", l.Email)} {
		if ref != "" && enrolled[ref] {
			return true
		}
	}
	return false
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// startNote says what a forecast of the database starts from: the instant, the leads
// not yet enrolled and those left out, and that the accounts' last 7 days are not
// counted (each seat starts with its whole rolling-week allowance).
func startNote(start time.Time, n, left int, told bool, where string) string {
	leads := fmt.Sprintf("with %s not yet enrolled", plural.Count(n, "lead"))
	switch {
	case !told:
		leads = fmt.Sprintf("with %s, counted as not yet enrolled (this store cannot tell which are)", plural.Count(n, "lead"))
	case left > 0:
		leads += fmt.Sprintf(" (left out: %s already %s)", plural.Count(left, "lead"), where)
	}
	return fmt.Sprintf("from %s, %s; what the accounts sent in the last 7 days is not counted: each starts with its whole rolling-week allowance, so the first week may run faster than serve will",
		start.UTC().Truncate(time.Hour).Format("2006-01-02 15:04 UTC"), leads)
}
