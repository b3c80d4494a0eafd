package paceline

import (
	"context"
	"time"
)

// LeadFilter selects leads for a listing, best score first (ties by id), one page at a
// time: After is the id of the last lead of the previous page (keyset paging, so a
// page costs the same however deep it is).
type LeadFilter struct {
	List      string    // only members of this list ("" for all leads)
	MinScore  int       // only leads scoring at least this
	Seniority Seniority // only leads of this seniority ("" for any)
	After     int64     // the last id of the previous page, 0 for the first page
	Limit     int       // at most this many leads, 0 for no limit

	// WithOptedOut includes opted-out leads, which listings leave out by default so
	// that nothing picks them for outreach by mistake.
	WithOptedOut bool
}

// Suppression reasons: why a lead's key hashes are on the suppression list, written
// by the stores and by the commands that suppress keys themselves.
const (
	ReasonOptOut = "opted out" // the lead opted out (the default reason)
	ReasonErased = "erased"    // the lead's data was erased for good
)

// LeadStore is where leads live once imported. Lead keys are the canonical forms of
// package lead: kind "in", "sales" or "email" and the canonical value.
type LeadStore interface {
	// Lead returns the lead with the given id. Errors: ENOTFOUND.
	Lead(ctx context.Context, id int64) (*Lead, error)
	// LeadByKey returns the lead known by a canonical key. Errors: ENOTFOUND.
	LeadByKey(ctx context.Context, kind, value string) (*Lead, error)
	// ListLeads returns the leads the filter selects, best score first.
	ListLeads(ctx context.Context, f LeadFilter) ([]*Lead, error)
	// LeadOptedOut reports when the lead opted out; the zero time means it has not.
	// Errors: ENOTFOUND.
	LeadOptedOut(ctx context.Context, id int64) (time.Time, error)
	// OptOutLead marks the lead opted out and puts the hashes of its keys on the
	// suppression list, so no import brings it back. Errors: ENOTFOUND.
	OptOutLead(ctx context.Context, id int64, reason string) error
}

// LeadOutcome is what the ledger shows of one stored lead that paceline reached out
// to: whether the lead accepted an invite and whether it replied, on any channel. The
// score's learning feeds on it.
type LeadOutcome struct {
	Lead     *Lead
	Accepted bool
	Replied  bool
}
