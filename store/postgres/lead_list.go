package postgres

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
)

// ListLeads returns the leads the filter selects, best score first and by id among
// equal scores, without their lists (LeadLists reads them).
func (s *Store) ListLeads(ctx context.Context, f paceline.LeadFilter) ([]*paceline.Lead, error) {
	var out []*paceline.Lead
	err := s.EachLead(ctx, f, func(l *paceline.Lead, _ time.Time) error {
		out = append(out, l)
		return nil
	})
	return out, err
}

// EachLead calls fn for each lead the filter selects, in ListLeads order, with the time
// it opted out (zero when it has not), streaming: a million leads cost one at a time.
// fn must not use the store.
func (s *Store) EachLead(ctx context.Context, f paceline.LeadFilter, fn func(l *paceline.Lead, optedOutAt time.Time) error) error {
	query, args := leadQuery(f)
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return s.fail("list leads", err)
	}
	defer rows.Close()
	for rows.Next() {
		sl, err := scanLead(rows)
		if err != nil {
			return s.fail("list leads", err)
		}
		if err := fn(&sl.Lead, sl.OptedOutAt); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return s.fail("list leads", err)
	}
	return nil
}

// leadQuery builds the listing query. The keyset condition compares (score, id) with
// the After lead's as a row, so a page starts right after it in (score desc, id)
// order. List members are selected with EXISTS on list_members' primary key, and the
// plan (walk leads_score, or read the list's members and sort) is left to
// PostgreSQL's planner, where the SQLite store chooses by counting the members.
func leadQuery(f paceline.LeadFilter) (string, []any) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.List != "" {
		where = append(where, `EXISTS (SELECT 1 FROM list_members m
			WHERE m.list_id = (SELECT id FROM lists WHERE name = `+arg(f.List)+`) AND m.lead_id = leads.id)`)
	}
	if f.MinScore > 0 {
		where = append(where, `score >= `+arg(int64(f.MinScore)))
	}
	if f.Seniority != "" {
		where = append(where, `seniority = `+arg(string(f.Seniority)))
	}
	if !f.WithOptedOut {
		where = append(where, `opted_out_at IS NULL`)
	}
	if f.After > 0 {
		a := arg(f.After)
		where = append(where, `(score < (SELECT score FROM leads WHERE id = `+a+`)
			OR (score = (SELECT score FROM leads WHERE id = `+a+`) AND id > `+a+`))`)
	}
	q := selectLead
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY score DESC, id`
	if f.Limit > 0 {
		q += ` LIMIT ` + arg(int64(f.Limit))
	}
	return q, args
}
