package postgres

import (
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/leadrow"
)

var _ lead.Prefetcher = (*leadSink)(nil)

// Prefetch reads the named stored leads that are neither buffered nor rewritten since
// the last flush, with their lists, into fetched, and the owner of each of their keys
// into ahead: two round trips for a batch of rows instead of one for every row that
// repeats a stored lead. What the previous batch read is dropped.
func (k *leadSink) Prefetch(ids []int64) error {
	clear(k.fetched)
	if k.ahead == nil {
		k.ahead = map[lead.Key]int64{}
	}
	clear(k.ahead)
	want := make([]int64, 0, len(ids))
	for _, id := range ids {
		_, pending := k.pendingByID[id]
		_, updated := k.updated[id]
		if !pending && !updated {
			want = append(want, id)
		}
	}
	if len(want) == 0 {
		return nil
	}
	rows, err := k.tx.Query(k.ctx, selectLeadWithLists+` WHERE id = ANY($1)`, want)
	if err != nil {
		return k.s.fail("read ahead leads", err)
	}
	for rows.Next() {
		var lists []string
		sl, err := scanLead(rows, &lists)
		if err != nil {
			rows.Close()
			return k.s.fail("read ahead leads", err)
		}
		if len(lists) > 0 {
			sl.Lists = lists
		}
		k.fetched[sl.ID] = &sl.Lead
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return k.s.fail("read ahead leads", err)
	}
	rows, err = k.tx.Query(k.ctx, `SELECT lead_id, kind, value FROM lead_keys WHERE lead_id = ANY($1)`, want)
	if err != nil {
		return k.s.fail("read ahead keys", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind, value string
		if err := rows.Scan(&id, &kind, &value); err != nil {
			return k.s.fail("read ahead keys", err)
		}
		key, err := leadrow.ParseKey(id, kind, value)
		if err != nil {
			return err
		}
		k.ahead[key] = id
	}
	if err := rows.Err(); err != nil {
		return k.s.fail("read ahead keys", err)
	}
	return nil
}
