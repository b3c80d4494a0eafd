package api

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/sim"
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
	// Page by page, best first, until ForecastMaxLeads are kept: one read of
	// ForecastMaxLeads plus every enrolled lead loaded up to hundreds of thousands of
	// leads into serve on a large database (review C).
	var out []*paceline.Lead
	left, after := 0, int64(0)
	for len(out) < ForecastMaxLeads {
		page, err := leads.ListLeads(ctx, paceline.LeadFilter{List: list, Limit: ForecastMaxLeads, After: after})
		if err != nil {
			return nil, 0, false, err
		}
		for _, l := range page {
			switch {
			case isEnrolled(l, enrolled):
				left++
			case len(out) < ForecastMaxLeads:
				out = append(out, l)
			}
		}
		if len(page) < ForecastMaxLeads {
			break
		}
		after = page[len(page)-1].ID
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

// LedgerReader reads an account's ledger over a span, oldest first: *sqlite.Store and
// *postgres.Store are ones (runtime.Store reads the same to replay an account's Pacer).
type LedgerReader interface {
	Actions(ctx context.Context, account string, since, until time.Time) ([]paceline.Action, error)
	Events(ctx context.Context, account string, since, until time.Time) ([]paceline.Event, error)
}

// forecastHistory is how much of an account's ledger a forecast replays into its
// seat: what serve replays into the account's Pacer (limits.History), so that pending
// invites, the acceptance pause, the note quota and InMail credits count as well as the
// rolling week (a 7-day replay let a seat with 500 invites pending from last fortnight
// invite 95 more in week one: review C).
const forecastHistory = limits.History

// withHistory gives each seat the actions and events of its account's last
// forecastHistory before start (sim.History), so that its Pacer starts from what serve
// would: what the rolling week, the pending invites, the note quota and the credits
// have left; it returns how many actions that is in all, and false when
// store keeps no ledger it can read (the seats then start afresh).
func withHistory(ctx context.Context, store any, seats []sim.Seat, start time.Time) (int, bool, error) {
	ledger, ok := store.(LedgerReader)
	if !ok {
		return 0, false, nil
	}
	since, n := start.Add(-forecastHistory), 0
	for i := range seats {
		actions, err := ledger.Actions(ctx, seats[i].Name, since, start)
		if err != nil {
			return 0, false, fmt.Errorf("read the ledger of account %s: %w", seats[i].Name, err)
		}
		events, err := ledger.Events(ctx, seats[i].Name, since, start)
		if err != nil {
			return 0, false, fmt.Errorf("read the ledger of account %s: %w", seats[i].Name, err)
		}
		if len(actions) > 0 || len(events) > 0 {
			seats[i].History = &sim.History{Since: since, Actions: actions, Events: events}
			n += len(actions)
		}
	}
	return n, true, nil
}

// forecastStart is the first instant of a forecast of the database from now: the
// hour it falls in, as the dashboard's forecast has always started.
func forecastStart(now time.Time) time.Time { return now.UTC().Truncate(time.Hour) }

// startNote says what a forecast of the database starts from: the instant, the leads
// not yet enrolled and those left out (told: the store could say which are), and
// whether the accounts' last 100 days are counted (sent: how many actions; ledger: the
// store could say).
func startNote(start time.Time, n, left int, told bool, where string, sent int, ledger bool) string {
	leads := fmt.Sprintf("with %s not yet enrolled", plural.Count(n, "lead"))
	switch {
	case !told:
		leads = fmt.Sprintf("with %s, counted as not yet enrolled (this store cannot tell which are)", plural.Count(n, "lead"))
	case left > 0:
		leads += fmt.Sprintf(" (left out: %s already %s)", plural.Count(left, "lead"), where)
	}
	week := fmt.Sprintf("what the accounts did in the last 100 days is counted (%s), as serve counts it: each starts with what its rolling week, pending invites, note quota and InMail credits have left", plural.Count(sent, "action"))
	if !ledger {
		week = "what the accounts sent in the last 100 days is not counted (this store keeps no ledger to read): each starts with its whole allowance, so the first weeks may run faster than serve will"
	}
	return fmt.Sprintf("from %s, %s; %s", forecastStart(start).Format("2006-01-02 15:04 UTC"), leads, week)
}
