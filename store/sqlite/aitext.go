package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize/aiwrite"
)

// AIWriting returns the store's keeper of what AI writing produced and spent (migration
// 0009), so a lead's step asks the provider once across restarts, held texts wait in
// the tasks view, and the daily budget holds after a restart.
func (s *Store) AIWriting() aiwrite.Store { return aiStore{db: s.db} }

// aiStore is the aiwrite.Store of a SQLite database.
type aiStore struct{ db *sql.DB }

const aiTextColumns = `lead, campaign, step, text, status, cause, reason, tokens, cost, payload, created_at, sent_at`

// Get returns the AI text of a lead at a campaign's step.
func (s aiStore) Get(ctx context.Context, k aiwrite.Key) (aiwrite.Entry, bool, error) {
	es, err := s.aiTexts(ctx, `WHERE lead = ? AND campaign = ? AND step = ?`, k.Lead, k.Campaign, k.Step)
	if err != nil || len(es) == 0 {
		return aiwrite.Entry{}, false, err
	}
	return es[0], true, nil
}

// Put stores an AI text, replacing the one of the same lead, campaign and step.
func (s aiStore) Put(ctx context.Context, e aiwrite.Entry) error {
	if e.LeadKey == "" || e.StepID == "" || e.Status == "" {
		return paceline.Errorf(paceline.EINVALID, "an AI text needs its lead, step and status")
	}
	var cause, reason string
	if f := e.Fallback; f != nil {
		cause, reason = string(f.Cause), f.Reason
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO ai_texts (`+aiTextColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (lead, campaign, step) DO UPDATE SET text = excluded.text, status = excluded.status,
			cause = excluded.cause, reason = excluded.reason, tokens = excluded.tokens, cost = excluded.cost,
			payload = excluded.payload, created_at = excluded.created_at, sent_at = excluded.sent_at`,
		e.LeadKey, e.Campaign, e.StepID, e.Text, string(e.Status), cause, reason, e.Tokens, e.Cost, e.Payload,
		e.CreatedAt.UTC(), nullTime(e.SentAt))
	if err != nil {
		return fmt.Errorf("store the AI text of %s: %w", e.Key(), err)
	}
	return nil
}

// Entries lists the AI texts the filter selects, oldest first.
func (s aiStore) Entries(ctx context.Context, f aiwrite.EntryFilter) ([]aiwrite.Entry, error) {
	var where []string
	var args []any
	if f.Statuses != nil {
		if len(f.Statuses) == 0 {
			return nil, nil
		}
		where = append(where, "status IN (?"+strings.Repeat(", ?", len(f.Statuses)-1)+")")
		for _, st := range f.Statuses {
			args = append(args, string(st))
		}
	}
	if f.Unsent {
		where = append(where, "payload <> '' AND sent_at IS NULL")
	}
	clause := ""
	if len(where) > 0 {
		clause = "WHERE " + strings.Join(where, " AND ")
	}
	return s.aiTexts(ctx, clause+` ORDER BY created_at, id`, args...)
}

// MarkSent records when the action held with an AI text was sent. Errors: ENOTFOUND.
func (s aiStore) MarkSent(ctx context.Context, k aiwrite.Key, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE ai_texts SET sent_at = ? WHERE lead = ? AND campaign = ? AND step = ?`,
		at.UTC(), k.Lead, k.Campaign, k.Step)
	if err != nil {
		return fmt.Errorf("mark the AI text of %s sent: %w", k, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return paceline.Errorf(paceline.ENOTFOUND, "there is no AI text for %s", k)
	}
	return nil
}

// DaySpend returns what AI writing spent on day.
func (s aiStore) DaySpend(ctx context.Context, day string) (aiwrite.Spend, error) {
	var sp aiwrite.Spend
	err := s.db.QueryRowContext(ctx, `SELECT tokens, cost FROM ai_spend WHERE day = ?`, day).Scan(&sp.Tokens, &sp.Cost)
	if errors.Is(err, sql.ErrNoRows) {
		return aiwrite.Spend{}, nil
	}
	if err != nil {
		return aiwrite.Spend{}, fmt.Errorf("read the AI spend of %s: %w", day, err)
	}
	return sp, nil
}

// AddSpend adds to day's spend in one statement, so concurrent writers add up.
func (s aiStore) AddSpend(ctx context.Context, day string, sp aiwrite.Spend) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO ai_spend (day, tokens, cost) VALUES (?, ?, ?)
		ON CONFLICT (day) DO UPDATE SET tokens = ai_spend.tokens + excluded.tokens, cost = ai_spend.cost + excluded.cost`,
		day, sp.Tokens, sp.Cost)
	if err != nil {
		return fmt.Errorf("add to the AI spend of %s: %w", day, err)
	}
	return nil
}

func (s aiStore) aiTexts(ctx context.Context, clause string, args ...any) ([]aiwrite.Entry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+aiTextColumns+` FROM ai_texts `+clause, args...)
	if err != nil {
		return nil, fmt.Errorf("read AI texts: %w", err)
	}
	defer rows.Close()
	var out []aiwrite.Entry
	for rows.Next() {
		var e aiwrite.Entry
		var status, cause, reason string
		var sent sql.NullTime
		if err := rows.Scan(&e.LeadKey, &e.Campaign, &e.StepID, &e.Text, &status, &cause, &reason, &e.Tokens, &e.Cost,
			&e.Payload, &e.CreatedAt, &sent); err != nil {
			return nil, fmt.Errorf("read AI texts: %w", err)
		}
		e.Status, e.CreatedAt, e.SentAt = aiwrite.Status(status), e.CreatedAt.UTC(), fromNullTime(sent)
		if cause != "" || reason != "" {
			e.Fallback = &aiwrite.Fallback{Cause: aiwrite.Cause(cause), Reason: reason}
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read AI texts: %w", err)
	}
	return out, nil
}
