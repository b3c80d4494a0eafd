package leadrow

import (
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// KeyGroups turns lead_keys rows read in lead id order into one call of Fn per lead
// with all its keys, the shape of lead.Sink's Known.
type KeyGroups struct {
	Fn func(id int64, keys []lead.Key) error

	cur  int64
	keys []lead.Key
}

// Add takes the next row; it calls Fn for the previous lead when id is another one.
func (g *KeyGroups) Add(id int64, kind, value string) error {
	if id != g.cur && len(g.keys) > 0 {
		if err := g.Fn(g.cur, g.keys); err != nil {
			return err
		}
		g.keys = g.keys[:0]
	}
	g.cur = id
	k, err := ParseKey(id, kind, value)
	if err != nil {
		return err
	}
	g.keys = append(g.keys, k)
	return nil
}

// Done calls Fn for the last lead, once every row was added.
func (g *KeyGroups) Done() error {
	if len(g.keys) == 0 {
		return nil
	}
	return g.Fn(g.cur, g.keys)
}

// Outcomes folds the rows of the ledger's outcome query (one per engine lead key
// reached: the stored lead's id, or none, and whether it accepted and replied) into
// one outcome per stored lead, in the order of the rows: two keys of one lead are one
// lead, accepted or replied on either.
type Outcomes struct {
	// Unknown counts the rows with no stored lead.
	Unknown int

	found []paceline.LeadOutcome
	seen  map[int64]int // lead id -> index in found
}

// Add takes one row; id is nil when no stored lead holds the key.
func (o *Outcomes) Add(id *int64, accepted, replied bool) {
	if id == nil {
		o.Unknown++
		return
	}
	if i, ok := o.seen[*id]; ok {
		o.found[i].Accepted = o.found[i].Accepted || accepted
		o.found[i].Replied = o.found[i].Replied || replied
		return
	}
	if o.seen == nil {
		o.seen = map[int64]int{}
	}
	o.seen[*id] = len(o.found)
	o.found = append(o.found, paceline.LeadOutcome{Lead: &paceline.Lead{ID: *id}, Accepted: accepted, Replied: replied})
}

// Found returns the outcomes; each Lead holds only its ID, for the store to load.
func (o *Outcomes) Found() []paceline.LeadOutcome { return o.found }
