package sqlite

import (
	"fmt"
	"strconv"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// readAhead is what Prefetch read for the rows of one batch: stored leads with their
// lists, and the owner of each of their keys. The sink answers Load and Owners from it
// and forgets what a write may have changed, so a miss only means a statement.
type readAhead struct {
	leads map[int64]*paceline.Lead
	keys  map[lead.Key]int64
}

var _ lead.Prefetcher = (*leadSink)(nil)

// Prefetch reads the named stored leads that are not in the buffer, their lists and
// their keys: three statements for a batch instead of three or four for every row
// that repeats a stored lead. What the previous batch read is dropped.
func (k *leadSink) Prefetch(ids []int64) error {
	if k.ahead.leads == nil {
		k.ahead = readAhead{leads: map[int64]*paceline.Lead{}, keys: map[lead.Key]int64{}}
	}
	clear(k.ahead.leads)
	clear(k.ahead.keys)
	b := make([]byte, 0, 8*len(ids)+2)
	b = append(b, '[')
	for _, id := range ids {
		if _, ok := k.pendingByID[id]; ok {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	if len(b) == 1 {
		return nil
	}
	list := string(append(b, ']'))
	if err := k.aheadLeads(list); err != nil {
		return err
	}
	if err := k.aheadLists(list); err != nil {
		return err
	}
	return k.aheadKeys(list)
}

func (k *leadSink) aheadLeads(list string) error {
	rows, err := sinkQuerier{k}.QueryContext(k.ctx, selectLead+` WHERE id IN (SELECT value FROM json_each(?))`, list)
	if err != nil {
		return fmt.Errorf("read ahead leads: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		s, err := scanLead(rows)
		if err != nil {
			return fmt.Errorf("read ahead leads: %w", err)
		}
		k.ahead.leads[s.ID] = &s.Lead
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read ahead leads: %w", err)
	}
	return nil
}

// aheadLists gives each lead read ahead its lists, in the order leadLists reads them.
func (k *leadSink) aheadLists(list string) error {
	rows, err := sinkQuerier{k}.QueryContext(k.ctx, `SELECT m.lead_id, l.name FROM list_members m JOIN lists l ON l.id = m.list_id
		WHERE m.lead_id IN (SELECT value FROM json_each(?)) ORDER BY m.lead_id, m.added_at, m.list_id`, list)
	if err != nil {
		return fmt.Errorf("read ahead lists: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return fmt.Errorf("read ahead lists: %w", err)
		}
		if l := k.ahead.leads[id]; l != nil {
			l.Lists = append(l.Lists, name)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read ahead lists: %w", err)
	}
	return nil
}

func (k *leadSink) aheadKeys(list string) error {
	rows, err := sinkQuerier{k}.QueryContext(k.ctx, `SELECT lead_id, kind, value FROM lead_keys WHERE lead_id IN (SELECT value FROM json_each(?))`, list)
	if err != nil {
		return fmt.Errorf("read ahead keys: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind, value string
		if err := rows.Scan(&id, &kind, &value); err != nil {
			return fmt.Errorf("read ahead keys: %w", err)
		}
		key, err := leadrow.ParseKey(id, kind, value)
		if err != nil {
			return err
		}
		k.ahead.keys[key] = id
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read ahead keys: %w", err)
	}
	return nil
}

// aheadLead returns a copy of a lead read ahead, or nil.
func (k *leadSink) aheadLead(id int64) *paceline.Lead {
	l := k.ahead.leads[id]
	if l == nil {
		return nil
	}
	return l.Clone()
}

// forgetAhead drops what was read ahead of a lead that is being written, and the
// owners of the keys given: the next read of them goes to the table.
func (k *leadSink) forgetAhead(id int64, keys []lead.Key) {
	delete(k.ahead.leads, id)
	for _, key := range keys {
		delete(k.ahead.keys, key)
	}
}
