package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/leadrow"
	"github.com/paceline/paceline/store/internal/row"
)

var _ paceline.LeadStore = (*Store)(nil)

// leadColumns are the columns a lead is written with, in the order of leadArgs. The
// fields no query filters on are in details (leadrow.DetailsJSON).
const leadColumns = `id, profile_key, sales_key, email, first_name, last_name, title,
	seniority, score, score_explanation, custom, details, created_at, updated_at`

// leadColumnCount is the number of leadColumns.
const leadColumnCount = 14

// selectLead reads a lead and when it opted out; scanLead reads its columns in order.
const selectLead = `SELECT ` + leadColumns + `, opted_out_at FROM leads`

// leadArgs appends the values of leadColumns for l to args, all but the last two, the
// timestamps, which the callers give their own way (an import writes them into the
// statement as literals).
func leadArgs(args []any, l *paceline.Lead) ([]any, error) {
	expl, custom, err := leadrow.JSONColumns(l)
	if err != nil {
		return nil, err
	}
	return append(args, l.ID, l.ProfileKey, l.SalesKey, l.Email, l.FirstName, l.LastName,
		l.Title, string(l.Seniority), l.Score, expl, custom, leadrow.DetailsJSON(l)), nil
}

// rowScanner is what *sql.Row and *sql.Rows share.
type rowScanner interface {
	Scan(dest ...any) error
}

// storedLead is a lead as a row holds it, with its opt-out time.
type storedLead struct {
	paceline.Lead
	OptedOutAt time.Time
}

func scanLead(r rowScanner) (*storedLead, error) {
	var s storedLead
	l := &s.Lead
	var seniority, expl, custom, details string
	var optedOut sql.NullTime
	err := r.Scan(&l.ID, &l.ProfileKey, &l.SalesKey, &l.Email, &l.FirstName, &l.LastName,
		&l.Title, &seniority, &l.Score, &expl, &custom, &details,
		&l.CreatedAt, &l.UpdatedAt, &optedOut)
	if err != nil {
		return nil, err
	}
	if err := leadrow.Decode(l, seniority, expl, custom, details); err != nil {
		return nil, err
	}
	s.OptedOutAt = fromNullTime(optedOut)
	return &s, nil
}

// leadQuerier is what *sql.DB and *sql.Tx share for the lead reads.
type leadQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// loadLead reads one lead with its lists; ENOTFOUND when there is none.
func loadLead(ctx context.Context, q leadQuerier, id int64) (*storedLead, error) {
	s, err := scanLead(q.QueryRowContext(ctx, selectLead+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, leadrow.Missing(id)
	}
	if err != nil {
		return nil, fmt.Errorf("read lead %d: %w", id, err)
	}
	if s.Lists, err = leadLists(ctx, q, id); err != nil {
		return nil, err
	}
	return s, nil
}

func leadLists(ctx context.Context, q leadQuerier, id int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT l.name FROM list_members m JOIN lists l ON l.id = m.list_id
		WHERE m.lead_id = ? ORDER BY m.added_at, m.list_id`, id)
	if err != nil {
		return nil, fmt.Errorf("read lists of lead %d: %w", id, err)
	}
	defer rows.Close()
	fail := failing(fmt.Sprintf("read lists of lead %d", id))
	return row.All(rows, row.Wrap(row.One[string], fail), fail)
}

// Lead returns the lead with the given id, with its lists. Errors: ENOTFOUND.
func (s *Store) Lead(ctx context.Context, id int64) (*paceline.Lead, error) {
	l, err := loadLead(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	return &l.Lead, nil
}

// leadIDByKey returns the id of the lead holding a canonical key.
func leadIDByKey(ctx context.Context, q leadQuerier, kind, value string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT lead_id FROM lead_keys WHERE kind = ? AND value = ?`, kind, value).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, paceline.Errorf(paceline.ENOTFOUND, "no lead is known as %s:%s", kind, value)
	}
	if err != nil {
		return 0, fmt.Errorf("find lead %s:%s: %w", kind, value, err)
	}
	return id, nil
}

// LeadByKey returns the lead known by a canonical key (kind "in", "sales" or "email").
// Errors: ENOTFOUND.
func (s *Store) LeadByKey(ctx context.Context, kind, value string) (*paceline.Lead, error) {
	id, err := leadIDByKey(ctx, s.db, kind, value)
	if err != nil {
		return nil, err
	}
	return s.Lead(ctx, id)
}

// LeadOptedOut reports when the lead opted out, the zero time when it has not.
// Errors: ENOTFOUND.
func (s *Store) LeadOptedOut(ctx context.Context, id int64) (time.Time, error) {
	var at sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT opted_out_at FROM leads WHERE id = ?`, id).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, leadrow.Missing(id)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("read lead %d: %w", id, err)
	}
	return fromNullTime(at), nil
}

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
	walk, err := s.walkList(ctx, f)
	if err != nil {
		return err
	}
	query, args := leadQuery(f, walk)
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("list leads: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		sl, err := scanLead(rows)
		if err != nil {
			return fmt.Errorf("list leads: %w", err)
		}
		if err := fn(&sl.Lead, sl.OptedOutAt); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list leads: %w", err)
	}
	return nil
}

// leadQuery builds the listing query. The keyset condition reads the score of the
// After lead in a subquery, so a page starts right after it in (score desc, id) order.
//
// A list's members are selected one of two ways (walkList chooses): walk, a per-row
// EXISTS probe on list_members' primary key (list_id, lead_id) while the query walks
// leads_score best first and stops at the page's end; or, for a small list, the
// members read with "id IN (SELECT lead_id ...)", fetched by id and sorted.
// TestLeadQueryPlans checks both plans.
func leadQuery(f paceline.LeadFilter, walk bool) (string, []any) {
	var where []string
	var args []any
	switch {
	case f.List != "" && walk:
		where = append(where, `EXISTS (SELECT 1 FROM list_members m
			WHERE m.list_id = (SELECT id FROM lists WHERE name = ?) AND m.lead_id = leads.id)`)
		args = append(args, f.List)
	case f.List != "":
		where = append(where, `id IN (SELECT m.lead_id FROM list_members m
			WHERE m.list_id = (SELECT id FROM lists WHERE name = ?))`)
		args = append(args, f.List)
	}
	if f.MinScore > 0 {
		where = append(where, `score >= ?`)
		args = append(args, f.MinScore)
	}
	if f.Seniority != "" {
		where = append(where, `seniority = ?`)
		args = append(args, string(f.Seniority))
	}
	if !f.WithOptedOut {
		where = append(where, `opted_out_at IS NULL`)
	}
	if f.After > 0 {
		where = append(where, `(score < (SELECT score FROM leads WHERE id = ?)
			OR (score = (SELECT score FROM leads WHERE id = ?) AND id > ?))`)
		args = append(args, f.After, f.After, f.After)
	}
	q := selectLead
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY score DESC, id`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	return q, args
}

// LeadLists returns the names of the lists the lead belongs to, oldest membership
// first.
func (s *Store) LeadLists(ctx context.Context, id int64) ([]string, error) {
	return leadLists(ctx, s.db, id)
}

// CountLeads returns how many leads are stored.
func (s *Store) CountLeads(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM leads`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count leads: %w", err)
	}
	return n, nil
}
