package sim

import (
	"sync"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// leadTable is what a run needs of its leads that no seed changes: each lead's key and
// the key's hash, and which lead a key names. A forecast or a benchmark runs the same
// Leads slice many times; the table is built on its first run and checked, lead by
// lead, on every later one.
type leadTable struct {
	leads  []*paceline.Lead
	ids    []leadIdentity // what each key was made from, to notice a changed lead
	keys   []string
	hashes []uint64
	index  map[string]int32 // key -> the last lead with it; read-only once built
	last   []int32          // index[keys[i]] for each lead i
}

// leadIdentity is the fields engine.LeadKey reads.
type leadIdentity struct{ profile, sales, email string }

func identityOf(l *paceline.Lead) leadIdentity {
	return leadIdentity{l.ProfileKey, l.SalesKey, l.Email}
}

// leadTables keeps the tables of the last few lead slices, for runs on several
// goroutines at once.
var leadTables struct {
	sync.Mutex
	recent []*leadTable
}

// maxLeadTables bounds how many lead slices the cache remembers.
const maxLeadTables = 4

// leadTableFor returns the table of leads, from the cache when the same slice of the
// same leads was seen before, else built afresh (and cached).
func leadTableFor(leads []*paceline.Lead) *leadTable {
	leadTables.Lock()
	for i, t := range leadTables.recent {
		if t.matches(leads) {
			// Most recent first, so the slice in use stays.
			copy(leadTables.recent[1:i+1], leadTables.recent[:i])
			leadTables.recent[0] = t
			leadTables.Unlock()
			return t
		}
	}
	leadTables.Unlock()
	t := buildLeadTable(leads)
	leadTables.Lock()
	if len(leadTables.recent) < maxLeadTables {
		leadTables.recent = append(leadTables.recent, nil)
	}
	copy(leadTables.recent[1:], leadTables.recent)
	leadTables.recent[0] = t
	leadTables.Unlock()
	return t
}

func buildLeadTable(leads []*paceline.Lead) *leadTable {
	t := &leadTable{
		leads: leads, ids: make([]leadIdentity, len(leads)), keys: make([]string, len(leads)),
		hashes: make([]uint64, len(leads)), index: make(map[string]int32, len(leads)),
		last: make([]int32, len(leads)),
	}
	for i, l := range leads {
		key := engine.LeadKey(l)
		t.ids[i], t.keys[i], t.hashes[i] = identityOf(l), key, hashKey(key)
		t.index[key] = int32(i)
	}
	for i, key := range t.keys {
		t.last[i] = t.index[key]
	}
	return t
}

// matches reports whether the table was built from these very leads, unchanged: the
// same slice, the same lead in every place, with the same identifying fields.
func (t *leadTable) matches(leads []*paceline.Lead) bool {
	if len(leads) != len(t.leads) || len(leads) == 0 || &leads[0] != &t.leads[0] {
		return false
	}
	for i, l := range leads {
		if l != t.leads[i] || identityOf(l) != t.ids[i] {
			return false
		}
	}
	return true
}
