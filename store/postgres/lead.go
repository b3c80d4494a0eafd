package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// The lead queries are plain pgx, like the mailbox queries; they mirror
// store/sqlite/lead*.go method for method, and the leads conformance suite
// (storetest.RunLeads) holds both to one behaviour.

var _ paceline.LeadStore = (*Store)(nil)

// leadColumns are the columns of a lead row, in the order of leadValues and scanLead.
// The fields no query filters on are in details (leadrow.DetailsJSON), as in SQLite.
var leadColumns = []string{"id", "profile_key", "sales_key", "email", "first_name",
	"last_name", "title", "seniority", "score", "score_explanation", "custom", "details",
	"created_at", "updated_at"}

// leadColumnList is leadColumns for a statement.
var leadColumnList = strings.Join(leadColumns, ", ")

// selectLead reads a lead and when it opted out, in scanLead's order.
var selectLead = `SELECT ` + leadColumnList + `, opted_out_at FROM leads`

// listsColumn is the names of a lead's lists, oldest membership first, as one array
// column: a lead comes with its lists in one query.
const listsColumn = `ARRAY(SELECT l.name FROM list_members m JOIN lists l ON l.id = m.list_id
	WHERE m.lead_id = leads.id ORDER BY m.added_at, m.list_id)`

// selectLeadWithLists is selectLead with listsColumn after the opt-out time.
var selectLeadWithLists = `SELECT ` + leadColumnList + `, opted_out_at, ` + listsColumn + ` FROM leads`

// leadValues appends the values of leadColumns for l to vals.
func leadValues(vals []any, l *paceline.Lead) ([]any, error) {
	expl, custom, err := leadrow.JSONColumns(l)
	if err != nil {
		return nil, err
	}
	return append(vals, l.ID, l.ProfileKey, l.SalesKey, l.Email, l.FirstName, l.LastName,
		l.Title, string(l.Seniority), int64(l.Score), expl, custom, leadrow.DetailsJSON(l),
		dbTime(l.CreatedAt), dbTime(l.UpdatedAt)), nil
}

// storedLead is a lead as a row holds it, with its opt-out time.
type storedLead struct {
	paceline.Lead
	OptedOutAt time.Time
}

// scanLead reads selectLead's columns, and any after them into extra.
func scanLead(r pgx.Row, extra ...any) (*storedLead, error) {
	var s storedLead
	l := &s.Lead
	var seniority, expl, custom, details string
	var score int64
	var optedOut *time.Time
	dest := append([]any{&l.ID, &l.ProfileKey, &l.SalesKey, &l.Email, &l.FirstName, &l.LastName,
		&l.Title, &seniority, &score, &expl, &custom, &details,
		&l.CreatedAt, &l.UpdatedAt, &optedOut}, extra...)
	if err := r.Scan(dest...); err != nil {
		return nil, err
	}
	l.Score = int(score)
	if err := leadrow.Decode(l, seniority, expl, custom, details); err != nil {
		return nil, err
	}
	s.OptedOutAt = fromNullTime(optedOut)
	return &s, nil
}

// leadQuerier is what the pool and a transaction share for the lead queries.
type leadQuerier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// loadLead reads one lead with its lists, in one query; ENOTFOUND when there is none.
func (s *Store) loadLead(ctx context.Context, q leadQuerier, id int64) (*storedLead, error) {
	var lists []string
	l, err := scanLead(q.QueryRow(ctx, selectLeadWithLists+` WHERE id = $1`, id), &lists)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, leadrow.Missing(id)
	}
	if err != nil {
		return nil, s.fail("read lead "+strconv.FormatInt(id, 10), err)
	}
	if len(lists) > 0 {
		l.Lists = lists
	}
	return l, nil
}

func (s *Store) leadLists(ctx context.Context, q leadQuerier, id int64) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT l.name FROM list_members m JOIN lists l ON l.id = m.list_id
		WHERE m.lead_id = $1 ORDER BY m.added_at, m.list_id`, id)
	if err != nil {
		return nil, s.fail(fmt.Sprintf("read lists of lead %d", id), err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, s.fail(fmt.Sprintf("read lists of lead %d", id), err)
	}
	return names, nil
}

// Lead returns the lead with the given id, with its lists. Errors: ENOTFOUND.
func (s *Store) Lead(ctx context.Context, id int64) (*paceline.Lead, error) {
	l, err := s.loadLead(ctx, s.pool, id)
	if err != nil {
		return nil, err
	}
	return &l.Lead, nil
}

// leadIDByKey returns the id of the lead holding a canonical key. Errors: ENOTFOUND.
func (s *Store) leadIDByKey(ctx context.Context, q leadQuerier, kind, value string) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT lead_id FROM lead_keys WHERE kind = $1 AND value = $2`, kind, value).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, paceline.Errorf(paceline.ENOTFOUND, "no lead is known as %s:%s", kind, value)
	}
	if err != nil {
		return 0, s.fail(fmt.Sprintf("find lead %s:%s", kind, value), err)
	}
	return id, nil
}

// LeadByKey returns the lead known by a canonical key (kind "in", "sales" or "email").
// Errors: ENOTFOUND.
func (s *Store) LeadByKey(ctx context.Context, kind, value string) (*paceline.Lead, error) {
	id, err := s.leadIDByKey(ctx, s.pool, kind, value)
	if err != nil {
		return nil, err
	}
	return s.Lead(ctx, id)
}

// LeadOptedOut reports when the lead opted out, the zero time when it has not.
// Errors: ENOTFOUND.
func (s *Store) LeadOptedOut(ctx context.Context, id int64) (time.Time, error) {
	var at *time.Time
	err := s.pool.QueryRow(ctx, `SELECT opted_out_at FROM leads WHERE id = $1`, id).Scan(&at)
	if errors.Is(err, pgx.ErrNoRows) {
		return time.Time{}, leadrow.Missing(id)
	}
	if err != nil {
		return time.Time{}, s.fail(fmt.Sprintf("read lead %d", id), err)
	}
	return fromNullTime(at), nil
}

// LeadLists returns the names of the lists the lead belongs to, oldest membership
// first.
func (s *Store) LeadLists(ctx context.Context, id int64) ([]string, error) {
	return s.leadLists(ctx, s.pool, id)
}

// CountLeads returns how many leads are stored.
func (s *Store) CountLeads(ctx context.Context) (int, error) {
	var n int64
	if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM leads`).Scan(&n); err != nil {
		return 0, s.fail("count leads", err)
	}
	return int(n), nil
}
