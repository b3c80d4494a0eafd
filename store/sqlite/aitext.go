package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paceline/paceline/personalize/aiwrite"
	"github.com/paceline/paceline/store/internal/aitextrow"
	"github.com/paceline/paceline/store/internal/row"
)

// AIWriting returns the store's keeper of what AI writing produced and spent (migration
// 0009), so a lead's step asks the provider once across restarts, held texts wait in
// the tasks view, and the daily budget holds after a restart.
func (s *Store) AIWriting() aiwrite.Store { return aiStore{db: s.db} }

// aiStore is the aiwrite.Store of a SQLite database.
type aiStore struct{ db *sql.DB }

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
	if err := aitextrow.Check(e); err != nil {
		return err
	}
	cause, reason := aitextrow.Fallback(e)
	_, err := s.db.ExecContext(ctx, `INSERT INTO ai_texts (`+aitextrow.Columns+`)
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
	clause, args, none := aitextrow.Where(f, func(statuses []string) (string, []any) {
		args := make([]any, len(statuses))
		for i, st := range statuses {
			args[i] = st
		}
		return "status IN (?" + strings.Repeat(", ?", len(statuses)-1) + ")", args
	})
	if none {
		return nil, nil
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
		return aitextrow.Missing(k)
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
	rows, err := s.db.QueryContext(ctx, `SELECT `+aitextrow.Columns+` FROM ai_texts `+clause, args...)
	if err != nil {
		return nil, fmt.Errorf("read AI texts: %w", err)
	}
	defer rows.Close()
	fail := failing("read AI texts")
	return row.All(rows, row.Wrap(scanAIText, fail), fail)
}

// scanAIText reads a row of aitextrow.Columns with the driver's NULL.
func scanAIText(r row.Scanner) (aiwrite.Entry, error) {
	return aitextrow.Scan(r, fromNullTime)
}
