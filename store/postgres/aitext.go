package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline/personalize/aiwrite"
	"github.com/paceline/paceline/store/internal/aitextrow"
	"github.com/paceline/paceline/store/internal/row"
)

// The AI text queries are plain pgx; they mirror store/sqlite/aitext.go statement for
// statement.

// AIWriting returns the store's keeper of what AI writing produced and spent
// (migration 0009); see the sqlite twin.
func (s *Store) AIWriting() aiwrite.Store { return aiStore{s: s} }

// aiStore is the aiwrite.Store of a PostgreSQL database.
type aiStore struct{ s *Store }

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
	if err := aitextrow.Check(e); err != nil {
		return err
	}
	cause, reason := aitextrow.Fallback(e)
	var sent *time.Time
	if !e.SentAt.IsZero() {
		t := dbTime(e.SentAt)
		sent = &t
	}
	_, err := a.s.pool.Exec(ctx, `INSERT INTO ai_texts (`+aitextrow.Columns+`)
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
	clause, args, none := aitextrow.Where(f, func(statuses []string) (string, []any) {
		return "status = ANY($1)", []any{statuses}
	})
	if none {
		return nil, nil
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
		return aitextrow.Missing(k)
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
	rows, err := a.s.pool.Query(ctx, `SELECT `+aitextrow.Columns+` FROM ai_texts `+clause, args...)
	if err != nil {
		return nil, a.s.fail("read AI texts", err)
	}
	defer rows.Close()
	readFail := func(err error) error { return fmt.Errorf("read AI texts: %w", err) }
	return row.All(rows, row.Wrap(scanAIText, readFail), a.s.failing("read AI texts"))
}

// scanAIText reads a row of aitextrow.Columns with the driver's NULL.
func scanAIText(r row.Scanner) (aiwrite.Entry, error) {
	return aitextrow.Scan(r, fromNullTime)
}
