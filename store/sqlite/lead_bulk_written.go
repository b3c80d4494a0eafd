package sqlite

import (
	"fmt"
	"slices"
	"sort"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/leadrow"
	"github.com/paceline/paceline/store/sqlite/internal/pagefile"
)

// maxOverrides bounds the written leads a bulk import holds changed versions of, in
// memory, until it is written (about 1 kB each); past it, the import spills. (A
// store's bulkMaxOverrides replaces it in the tests.)
const maxOverrides = 20000

// loadWritten returns a lead written to the table already: the version an Update left
// when there is one, else read back from its page.
func (b *bulkSink) loadWritten(id int64) (*paceline.Lead, bool, error) {
	if l, ok := b.overrides[id]; ok {
		return l.Clone(), true, nil
	}
	rec, ok, err := b.table.Find(id)
	if err != nil || !ok {
		return nil, false, err
	}
	vals, err := pagefile.Values(rec, b.vals[:0])
	if err != nil {
		return nil, false, fmt.Errorf("read lead %d back: %w", id, err)
	}
	b.vals = vals
	l, err := b.leadFromRecord(id, vals)
	if err != nil {
		return nil, false, fmt.Errorf("read lead %d back: %w", id, err)
	}
	l.Lists = b.listsOf(id)
	return l, true, nil
}

// leadFromRecord decodes a lead's row as leadRecord encoded it.
func (b *bulkSink) leadFromRecord(id int64, vals []any) (*paceline.Lead, error) {
	if len(vals) != len(b.cols) {
		return nil, fmt.Errorf("%d values for %d columns", len(vals), len(b.cols))
	}
	l := &paceline.Lead{ID: id, CreatedAt: b.now, UpdatedAt: b.now}
	var seniority, expl, custom, details string
	for i, c := range b.cols {
		s, _ := vals[i].(string)
		switch c {
		case colProfileKey:
			l.ProfileKey = s
		case colSalesKey:
			l.SalesKey = s
		case colEmail:
			l.Email = s
		case colFirstName:
			l.FirstName = s
		case colLastName:
			l.LastName = s
		case colTitle:
			l.Title = s
		case colSeniority:
			seniority = s
		case colScore:
			n, _ := vals[i].(int64)
			l.Score = int(n)
		case colExplanation:
			expl = s
		case colCustom:
			custom = s
		case colDetails:
			details = s
		}
	}
	if err := leadrow.Decode(l, seniority, expl, custom, details); err != nil {
		return nil, err
	}
	return l, nil
}

// listsOf returns the names of the lists lead id is on, as leadLists orders them (by
// the time it joined, the same for all of a bulk import's, then by list id).
func (b *bulkSink) listsOf(id int64) []string {
	var ids []int64
	// The members of inserts come in lead order; those updates added, in late.
	i := sort.Search(len(b.members), func(i int) bool { return b.members[i].lead >= id })
	for ; i < len(b.members) && b.members[i].lead == id; i++ {
		ids = append(ids, b.members[i].list)
	}
	for _, m := range b.late {
		if m.lead == id {
			ids = append(ids, m.list)
		}
	}
	slices.Sort(ids)
	var names []string
	for _, lid := range slices.Compact(ids) {
		names = append(names, b.listAt[lid-1])
	}
	return names
}

// updateWritten keeps a new version of a lead written already, to be written through
// SQLite once the pages are (applyOverrides), with its new keys and lists; it reports
// false, having done nothing, when the import must spill instead.
func (b *bulkSink) updateWritten(l *paceline.Lead, keys []lead.Key) (bool, error) {
	cur, ok, err := b.loadWritten(l.ID)
	if err != nil || !ok {
		return false, err
	}
	bound := maxOverrides
	if b.s.bulkMaxOverrides > 0 {
		bound = b.s.bulkMaxOverrides
	}
	if _, held := b.overrides[l.ID]; !held && len(b.overrides) >= bound || !b.keys.canHold(l.ID, keys) || l.Score != int(int32(l.Score)) {
		return false, nil
	}
	for _, key := range keys {
		b.keys.add(key, l.ID)
	}
	for _, name := range l.Lists {
		if !slices.Contains(cur.Lists, name) {
			b.late = append(b.late, bulkMember{b.listID(name), l.ID})
		}
	}
	l.UpdatedAt = b.now
	if b.overrides == nil {
		b.overrides = map[int64]*paceline.Lead{}
	}
	b.overrides[l.ID] = l.Clone()
	return true, nil
}

// applyOverrides writes the changed versions of written leads through the import that
// took over after the pages (their keys and lists are on the pages already).
func (b *bulkSink) applyOverrides() error {
	ids := make([]int64, 0, len(b.overrides))
	for id := range b.overrides {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if err := b.run.sink.Update(b.overrides[id], nil); err != nil {
			return err
		}
	}
	b.overrides = nil
	return nil
}
