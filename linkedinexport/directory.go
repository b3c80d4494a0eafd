package linkedinexport

import (
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// KnownLead is what Reconcile needs to know of one lead paceline holds, as seen from
// the account whose archive is read.
type KnownLead struct {
	// ID is the identity events and actions carry for the lead (Event.Lead and
	// Action.Lead), as the rest of paceline keys leads.
	ID string
	// Invites are the instants of the invites the account's ledger holds as done for
	// this lead. An archive invite close to one of them is the same invite (not
	// recorded twice), and a connection after one of them is an acceptance.
	Invites []time.Time
	// Contacted is the first instant the account reached the lead by any action the
	// ledger holds (invite, message, InMail); zero when it never did. A message from
	// the lead after it is a reply.
	Contacted time.Time
}

// Directory finds the leads paceline knows by canonical profile key.
type Directory interface {
	// Lookup returns the lead with the key, and whether there is one.
	Lookup(k lead.Key) (KnownLead, bool)
}

// LeadMap is a Directory held in memory.
type LeadMap map[lead.Key]KnownLead

// Lookup returns the lead with the key.
func (m LeadMap) Lookup(k lead.Key) (KnownLead, bool) {
	l, ok := m[k]
	return l, ok
}

// NewLeadMap indexes leads by their profile and Sales Navigator keys; id gives the
// identity events carry for a lead. Ledger facts (Invites, Contacted) are left for
// the caller to fill in.
func NewLeadMap(leads []paceline.Lead, id func(*paceline.Lead) string) LeadMap {
	m := make(LeadMap, len(leads))
	for i := range leads {
		l := &leads[i]
		k := KnownLead{ID: id(l)}
		if l.ProfileKey != "" {
			m[lead.Key{Type: lead.KeyProfile, Value: l.ProfileKey}] = k
		}
		if l.SalesKey != "" {
			m[lead.Key{Type: lead.KeySales, Value: l.SalesKey}] = k
		}
	}
	return m
}

var _ Directory = LeadMap(nil)
