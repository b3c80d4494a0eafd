package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize/aiwrite"
)

// The AI text queries are plain pgx; they mirror store/sqlite/aitext.go statement for
// statement.

// AIWriting returns the store's keeper of what AI writing produced and spent
// (migration 0009); see the sqlite twin.
func (s *Store) AIWriting() aiwrite.Store { return aiStore{s: s} }

// aiStore is the aiwrite.Store of a PostgreSQL database.
type aiStore struct{ s *Store }

const aiTextColumns = `lead, campaign, step, text, status, cause, reason, tokens, cost, payload, created_at, sent_at`

// Get returns the AI text of a lead at a campaign's step.
func (a aiStore) Get(ctx context.Context, k aiwrite.Key) (aiwrite.Entry, bool, error) {
	es, err := a.texts(ctx, `WHERE lead = $1 AND campaign = $2 AND step = $3`, k.Lead, k.Campaign, k.Step)
	if err != nil || len(es) == 0 {
		return aiwrite.Entry{}, false, err
	}
	return es[0], true, nil
}

// Put stores an AI text, replacing the one of the same lead, campaign and step.
func (a aiStore) Put(ctx context.Context, e aiwrite.Entry) error {
	if e.LeadKey == "" || e.StepID == "" || e.Status == "" {
		return paceline.Errorf(paceline.EINVALID, "an AI text needs its lead, step and status")
	}
	var cause, reason string
	if f := e.Fallback; f != nil {
		cause, reason = string(f.Cause), f.Reason
	}
	var sent *time.Time
	if !e.SentAt.IsZero() {
		t := dbTime(e.SentAt)
		sent = &t
	}
	_, err := a.s.pool.Exec(ctx, `INSERT INTO ai_texts (`+aiTextColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (lead, campaign, step) DO UPDATE SET text = excluded.text, status = excluded.status,
			cause = excluded.cause, reason = excluded.reason, tokens = excluded.tokens, cost = excluded.cost,
			payload = excluded.payload, created_at = excluded.created_at, sent_at = excluded.sent_at`,
		e.LeadKey, e.Campaign, e.StepID, e.Text, string(e.Status), cause, reason, e.Tokens, e.Cost, e.Payload,
		dbTime(e.CreatedAt), sent)
	if err != nil {
		return a.s.fail("store the AI text of "+e.Key().String(), err)
	}
	return nil
}

// Entries lists the AI texts the filter selects, oldest first.
func (a aiStore) Entries(ctx context.Context, f aiwrite.EntryFilter) ([]aiwrite.Entry, error) {
	var where []string
	var args []any
	if f.Statuses != nil {
		if len(f.Statuses) == 0 {
			return nil, nil
		}
		statuses := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			statuses[i] = string(st)
		}
		args = append(args, statuses)
		where = append(where, "status = ANY($1)")
	}
	if f.Unsent {
		where = append(where, "payload <> '' AND sent_at IS NULL")
	}
	clause := ""
	if len(where) > 0 {
		clause = "WHERE " + strings.Join(where, " AND ")
	}
	return a.texts(ctx, clause+` ORDER BY created_at, id`, args...)
}

// MarkSent records when the action held with an AI text was sent. Errors: ENOTFOUND.
func (a aiStore) MarkSent(ctx context.Context, k aiwrite.Key, at time.Time) error {
	tag, err := a.s.pool.Exec(ctx, `UPDATE ai_texts SET sent_at = $1 WHERE lead = $2 AND campaign = $3 AND step = $4`,
		dbTime(at), k.Lead, k.Campaign, k.Step)
	if err != nil {
		return a.s.fail("mark the AI text of "+k.String()+" sent", err)
	}
	if tag.RowsAffected() == 0 {
		return paceline.Errorf(paceline.ENOTFOUND, "there is no AI text for %s", k)
	}
	return nil
}

// DaySpend returns what AI writing spent on day.
func (a aiStore) DaySpend(ctx context.Context, day string) (aiwrite.Spend, error) {
	var sp aiwrite.Spend
	var tokens int64
	err := a.s.pool.QueryRow(ctx, `SELECT tokens, cost FROM ai_spend WHERE day = $1`, day).Scan(&tokens, &sp.Cost)
	if errors.Is(err, pgx.ErrNoRows) {
		return aiwrite.Spend{}, nil
	}
	if err != nil {
		return aiwrite.Spend{}, a.s.fail("read the AI spend of "+day, err)
	}
	sp.Tokens = int(tokens)
	return sp, nil
}

// AddSpend adds to day's spend in one statement, so concurrent writers add up.
func (a aiStore) AddSpend(ctx context.Context, day string, sp aiwrite.Spend) error {
	_, err := a.s.pool.Exec(ctx, `INSERT INTO ai_spend (day, tokens, cost) VALUES ($1, $2, $3)
		ON CONFLICT (day) DO UPDATE SET tokens = ai_spend.tokens + excluded.tokens, cost = ai_spend.cost + excluded.cost`,
		day, int64(sp.Tokens), sp.Cost)
	if err != nil {
		return a.s.fail("add to the AI spend of "+day, err)
	}
	return nil
}

func (a aiStore) texts(ctx context.Context, clause string, args ...any) ([]aiwrite.Entry, error) {
	rows, err := a.s.pool.Query(ctx, `SELECT `+aiTextColumns+` FROM ai_texts `+clause, args...)
	if err != nil {
		return nil, a.s.fail("read AI texts", err)
	}
	defer rows.Close()
	var out []aiwrite.Entry
	for rows.Next() {
		var e aiwrite.Entry
		var status, cause, reason string
		var tokens int64
		var sent *time.Time
		if err := rows.Scan(&e.LeadKey, &e.Campaign, &e.StepID, &e.Text, &status, &cause, &reason, &tokens, &e.Cost,
			&e.Payload, &e.CreatedAt, &sent); err != nil {
			return nil, fmt.Errorf("read AI texts: %w", err)
		}
		e.Status, e.Tokens, e.CreatedAt = aiwrite.Status(status), int(tokens), e.CreatedAt.UTC()
		if sent != nil {
			e.SentAt = sent.UTC()
		}
		if cause != "" || reason != "" {
			e.Fallback = &aiwrite.Fallback{Cause: aiwrite.Cause(cause), Reason: reason}
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, a.s.fail("read AI texts", err)
	}
	return out, nil
}
