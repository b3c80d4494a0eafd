package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/paceline/paceline"
)

// ExportLeads calls fn for every lead, opted-out ones included, in id order, with its
// lists and the time it opted out; list, when set, keeps the members of that list
// only. Leads and memberships are read by two cursors in the same order and merged,
// so memory stays flat however many leads there are. fn must not use the store.
func (s *Store) ExportLeads(ctx context.Context, list string, fn func(l *paceline.Lead, optedOutAt time.Time) error) error {
	q, args := selectLead, []any{}
	if list != "" {
		q += ` WHERE id IN (SELECT m.lead_id FROM list_members m JOIN lists l ON l.id = m.list_id WHERE l.name = ?)`
		args = append(args, list)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return fmt.Errorf("export leads: %w", err)
	}
	defer rows.Close()
	members, err := s.db.QueryContext(ctx, `SELECT m.lead_id, l.name FROM list_members m
		JOIN lists l ON l.id = m.list_id ORDER BY m.lead_id, m.added_at, m.list_id`)
	if err != nil {
		return fmt.Errorf("export leads: %w", err)
	}
	defer members.Close()
	m := memberCursor{rows: members}
	for rows.Next() {
		sl, err := scanLead(rows)
		if err != nil {
			return fmt.Errorf("export leads: %w", err)
		}
		if sl.Lists, err = m.listsOf(sl.ID); err != nil {
			return fmt.Errorf("export leads: %w", err)
		}
		if err := fn(&sl.Lead, sl.OptedOutAt); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export leads: %w", err)
	}
	return nil
}

// memberCursor walks list memberships in lead id order alongside the leads.
type memberCursor struct {
	rows *sql.Rows
	id   int64 // lead id of the membership read ahead, 0 when none is
	name string
	done bool
}

// listsOf returns the lists of lead id, skipping memberships of leads before it.
func (m *memberCursor) listsOf(id int64) ([]string, error) {
	var names []string
	for {
		if m.id == 0 && !m.done {
			if !m.rows.Next() {
				m.done = true
				if err := m.rows.Err(); err != nil {
					return nil, err
				}
			} else if err := m.rows.Scan(&m.id, &m.name); err != nil {
				return nil, err
			}
		}
		if m.done || m.id > id {
			return names, nil
		}
		if m.id == id {
			names = append(names, m.name)
		}
		m.id = 0
	}
}
