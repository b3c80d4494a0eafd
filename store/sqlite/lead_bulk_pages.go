package sqlite

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// leadColumn is a column of the leads table as a bulk import fills it.
type leadColumn uint8

const (
	colID leadColumn = iota // the rowid: NULL in the record
	colProfileKey
	colSalesKey
	colEmail
	colFirstName
	colLastName
	colTitle
	colSeniority
	colScore
	colExplanation
	colCustom
	colDetails
	colOptedOutAt
	colCreatedAt
	colUpdatedAt
)

var leadColumnNames = map[string]leadColumn{
	"id": colID, "profile_key": colProfileKey, "sales_key": colSalesKey, "email": colEmail,
	"first_name": colFirstName, "last_name": colLastName, "title": colTitle, "seniority": colSeniority,
	"score": colScore, "score_explanation": colExplanation, "custom": colCustom, "details": colDetails,
	"opted_out_at": colOptedOutAt, "created_at": colCreatedAt, "updated_at": colUpdatedAt,
}

func knownLeadColumn(name string) bool {
	_, ok := leadColumnNames[name]
	return ok
}

// bulkColumns maps the leads table's columns, in order.
func bulkColumns(names []string) ([]leadColumn, error) {
	cols := make([]leadColumn, len(names))
	for i, n := range names {
		c, ok := leadColumnNames[n]
		if !ok {
			return nil, fmt.Errorf("leads column %s unknown to the bulk import", n)
		}
		cols[i] = c
	}
	return cols, nil
}

// leadRecord encodes a lead's row as the import through SQLite stores it (leadArgs and
// leadInsert): texts in the text columns, the score an integer, the import's time as
// text in both timestamps, no opt-out.
func (b *bulkSink) leadRecord(l *paceline.Lead) ([]byte, error) {
	expl, custom, err := leadrow.JSONColumns(l)
	if err != nil {
		return nil, err
	}
	r := &b.rec
	r.Reset()
	for _, c := range b.cols {
		switch c {
		case colID, colOptedOutAt:
			r.Null()
		case colProfileKey:
			r.Text(l.ProfileKey)
		case colSalesKey:
			r.Text(l.SalesKey)
		case colEmail:
			r.Text(l.Email)
		case colFirstName:
			r.Text(l.FirstName)
		case colLastName:
			r.Text(l.LastName)
		case colTitle:
			r.Text(l.Title)
		case colSeniority:
			r.Text(string(l.Seniority))
		case colScore:
			r.Int(int64(l.Score))
		case colExplanation:
			r.Text(expl)
		case colCustom:
			r.Text(custom)
		case colDetails:
			r.Text(leadrow.DetailsJSON(l))
		case colCreatedAt, colUpdatedAt:
			r.Text(b.nowText)
		}
	}
	return r.Bytes(), nil
}

// writeRecent writes the n oldest of the leads held to the table.
func (b *bulkSink) writeRecent(n int) error {
	for _, l := range b.recent[:n] {
		rec, err := b.leadRecord(l)
		if err != nil {
			return err
		}
		if err := b.table.Add(l.ID, rec); err != nil {
			return fmt.Errorf("write lead %d: %w", l.ID, err)
		}
		level, ok := b.levels[l.Seniority]
		if !ok {
			if len(b.names) == 256 {
				return fmt.Errorf("write lead %d: more than 256 seniorities", l.ID)
			}
			level = uint8(len(b.names))
			b.levels[l.Seniority] = level
			b.names = append(b.names, l.Seniority)
		}
		b.order = append(b.order, bulkOrder{id: l.ID, score: int32(l.Score), level: level})
		b.written = l.ID
	}
	rest := copy(b.recent, b.recent[n:])
	clear(b.recent[rest:])
	b.recent = b.recent[:rest]
	return nil
}

// writePages writes the leads still held, the listing indexes, the keys and the list
// memberships, and closes the file. The keys are sorted on two other goroutines
// meanwhile: the rows are all read, and the second core is free.
func (b *bulkSink) writePages() error {
	var byKey, byLead []int32
	sorted := make(chan struct{}, 2)
	go func() { byKey = b.keys.byKey(); sorted <- struct{}{} }()
	go func() { byLead = b.keys.byLead(); sorted <- struct{}{} }()
	waiting := 2
	defer func() { // the sorts read the keys: wait for them whatever happens
		for ; waiting > 0; waiting-- {
			<-sorted
		}
	}()
	if err := b.writeRecent(len(b.recent)); err != nil {
		return err
	}
	if err := b.table.Close(); err != nil {
		return fmt.Errorf("write leads: %w", err)
	}
	if err := b.writeListing(); err != nil {
		return err
	}
	for ; waiting > 0; waiting-- {
		<-sorted
	}
	if err := b.writeKeys(byKey, byLead); err != nil {
		return err
	}
	if err := b.writeMembers(); err != nil {
		return err
	}
	err := b.file.Close()
	b.file = nil
	if err != nil {
		return fmt.Errorf("write leads: %w", err)
	}
	return nil
}

// writeListing writes the listing indexes: leads_score by score descending, then id;
// leads_seniority by seniority, then as leads_score. The leads were written in id
// order, and each sort is stable: two passes of counting.
func (b *bulkSink) writeListing() error {
	f, roots, rec := b.file, b.schema.roots, &b.rec
	order := sortStable(b.order, func(o bulkOrder) int64 { return -int64(o.score) })
	err := f.Index(roots["leads_score"], len(order), func(i int) []byte {
		rec.Reset()
		rec.Int(int64(order[i].score))
		rec.Int(order[i].id)
		rec.Int(order[i].id)
		return rec.Bytes()
	})
	if err != nil {
		return fmt.Errorf("write index leads_score: %w", err)
	}
	// The seniorities' ranks in SQLite's order of their texts.
	names := slices.Clone(b.names)
	slices.Sort(names)
	var rank [256]int64
	for i, n := range b.names {
		rank[i] = int64(slices.Index(names, n))
	}
	order = sortStable(order, func(o bulkOrder) int64 { return rank[o.level] })
	err = f.Index(roots["leads_seniority"], len(order), func(i int) []byte {
		rec.Reset()
		rec.Text(string(b.names[order[i].level]))
		rec.Int(int64(order[i].score))
		rec.Int(order[i].id)
		rec.Int(order[i].id)
		return rec.Bytes()
	})
	if err != nil {
		return fmt.Errorf("write index leads_seniority: %w", err)
	}
	b.order = nil
	return nil
}

// sortStable returns the entries ordered by key, keeping the order of equal ones: by
// counting when the keys span less than a million values, else by merging.
func sortStable(entries []bulkOrder, key func(bulkOrder) int64) []bulkOrder {
	if len(entries) == 0 {
		return entries
	}
	lo, hi := key(entries[0]), key(entries[0])
	for _, e := range entries {
		lo, hi = min(lo, key(e)), max(hi, key(e))
	}
	out := make([]bulkOrder, len(entries))
	if hi-lo >= 1<<20 {
		copy(out, entries)
		slices.SortStableFunc(out, func(x, y bulkOrder) int { return cmp.Compare(key(x), key(y)) })
		return out
	}
	count := make([]int, hi-lo+2)
	for _, e := range entries {
		count[key(e)-lo+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	for _, e := range entries {
		k := key(e) - lo
		out[count[k]] = e
		count[k]++
	}
	return out
}

// writeKeys writes lead_keys from the keys in its order, and lead_keys_lead.
func (b *bulkSink) writeKeys(byKey, byLead []int32) error {
	rec, keys := &b.rec, b.keys
	err := b.file.Index(b.schema.roots["lead_keys"], len(byKey), func(i int) []byte {
		k := int(byKey[i])
		kind, value := keys.key(k)
		rec.Reset()
		rec.Text(kind)
		rec.TextBytes(value)
		rec.Int(int64(keys.lead[k]))
		return rec.Bytes()
	})
	if err != nil {
		return fmt.Errorf("write lead keys: %w", err)
	}
	err = b.file.Index(b.schema.roots["lead_keys_lead"], len(byLead), func(i int) []byte {
		k := int(byLead[i])
		kind, value := keys.key(k)
		rec.Reset()
		rec.Int(int64(keys.lead[k]))
		rec.Text(kind)
		rec.TextBytes(value)
		return rec.Bytes()
	})
	if err != nil {
		return fmt.Errorf("write index lead_keys_lead: %w", err)
	}
	return nil
}

// writeMembers writes list_members, its rowids in the order the leads joined, and
// its two indexes.
func (b *bulkSink) writeMembers() error {
	rec, ms := &b.rec, append(b.members, b.late...)
	t, err := b.file.Table(b.schema.roots["list_members"])
	if err != nil {
		return fmt.Errorf("write list members: %w", err)
	}
	for i, m := range ms {
		rec.Reset()
		rec.Int(m.list)
		rec.Int(m.lead)
		rec.Text(b.nowText)
		if err := t.Add(int64(i+1), rec.Bytes()); err != nil {
			return fmt.Errorf("write list members: %w", err)
		}
	}
	if err := t.Close(); err != nil {
		return fmt.Errorf("write list members: %w", err)
	}
	rowids := make([]int32, len(ms))
	for i := range rowids {
		rowids[i] = int32(i)
	}
	slices.SortFunc(rowids, func(x, y int32) int {
		if c := cmp.Compare(ms[x].list, ms[y].list); c != 0 {
			return c
		}
		return cmp.Compare(ms[x].lead, ms[y].lead)
	})
	err = b.file.Index(b.schema.roots["sqlite_autoindex_list_members_1"], len(rowids), func(i int) []byte {
		m := ms[rowids[i]]
		rec.Reset()
		rec.Int(m.list)
		rec.Int(m.lead)
		rec.Int(int64(rowids[i]) + 1)
		return rec.Bytes()
	})
	if err != nil {
		return fmt.Errorf("write index of list members: %w", err)
	}
	slices.SortFunc(rowids, func(x, y int32) int {
		if c := cmp.Compare(ms[x].lead, ms[y].lead); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	err = b.file.Index(b.schema.roots["list_members_lead"], len(rowids), func(i int) []byte {
		rec.Reset()
		rec.Int(ms[rowids[i]].lead)
		rec.Int(int64(rowids[i]) + 1)
		return rec.Bytes()
	})
	if err != nil {
		return fmt.Errorf("write index list_members_lead: %w", err)
	}
	b.members, b.late = nil, nil
	return nil
}
