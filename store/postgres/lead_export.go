package postgres

import (
	"context"
	"time"

	"github.com/paceline/paceline"
)

// ExportLeads calls fn for every lead, opted-out ones included, in id order, with its
// lists and the time it opted out; list, when set, keeps the members of that list
// only. One streaming query reads each lead with its lists (gathered from
// list_members by the lead's index), so memory stays flat however many leads there
// are. fn must not use the store.
func (s *Store) ExportLeads(ctx context.Context, list string, fn func(l *paceline.Lead, optedOutAt time.Time) error) error {
	q := selectLeadWithLists
	var args []any
	if list != "" {
		q += ` WHERE id IN (SELECT m.lead_id FROM list_members m JOIN lists l ON l.id = m.list_id WHERE l.name = $1)`
		args = append(args, list)
	}
	rows, err := s.pool.Query(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return s.fail("export leads", err)
	}
	defer rows.Close()
	for rows.Next() {
		var lists []string
		sl, err := scanLead(rows, &lists)
		if err != nil {
			return s.fail("export leads", err)
		}
		if len(lists) > 0 {
			sl.Lists = lists
		}
		if err := fn(&sl.Lead, sl.OptedOutAt); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return s.fail("export leads", err)
	}
	return nil
}
