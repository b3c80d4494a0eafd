package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/score"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// ICPRules returns the ICP rules in force as the user set them; ok is false while
// none are set and the built-in rules apply.
func (s *Store) ICPRules(ctx context.Context) (r score.Stored, ok bool, err error) {
	return s.readICPRules(ctx, s.pool)
}

// RulesFunc turns the ICP rules in force, read inside a transaction that writes
// scores (kept false: none are set and the built-in rules apply), into the scoring
// function (score.Rules.Apply) that transaction scores with; see the sqlite twin.
type RulesFunc = func(r score.Stored, kept bool) (func(*paceline.Lead), error)

// rulesInForceTx reads the rules in force inside tx and turns them into the scoring
// function with rulesFor. The caller has locked the leads table first in a mode that
// conflicts with SetICPRules' lockForRescore (any write mode does), which SetICPRules
// takes before it writes the rules: a save either committed before the lock was
// granted, and this read (READ COMMITTED) sees its rules, or waits for tx to end. Read
// before the lock, they could be a running save's old rules, and the scores written
// with them committed after it, under the new ones.
func (s *Store) rulesInForceTx(ctx context.Context, tx pgx.Tx, rulesFor RulesFunc) (func(*paceline.Lead), error) {
	r, kept, err := s.readICPRules(ctx, tx)
	if err != nil {
		return nil, err
	}
	scoreFunc, err := rulesFor(r, kept)
	if err != nil {
		return nil, fmt.Errorf("score with the ICP rules in force: %w", err)
	}
	return scoreFunc, nil
}

// ICPRules reads the rules in force inside the import's transaction, after its lock
// on the leads table (ImportLeads): the rules an import scores with are those its
// leads commit under (api.RulesSink). ok is false while the built-in rules apply.
func (k *leadSink) ICPRules() (r score.Stored, ok bool, err error) {
	return k.s.readICPRules(k.ctx, k.tx)
}

// rowQuerier is the pool or a transaction.
type rowQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// readICPRules reads the rules in force through q.
func (s *Store) readICPRules(ctx context.Context, q rowQuerier) (r score.Stored, ok bool, err error) {
	err = q.QueryRow(ctx, `SELECT yaml, source, set_at FROM icp_rules WHERE id = 1`).
		Scan(&r.YAML, &r.Source, &r.SetAt)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return score.Stored{}, false, nil
	case err != nil:
		return score.Stored{}, false, s.fail("read the ICP rules", err)
	}
	r.SetAt = r.SetAt.UTC()
	return r, true, nil
}

// SetICPRules puts r in force, stamped with the store's clock (an empty r.YAML goes
// back to the built-in rules), and rescores every stored lead with scoreFunc, the
// new rules' Apply, in the same transaction: the rules kept and the scores stored
// never disagree, and a failure changes neither. It returns how many leads it saw
// and how many changed, as RescoreLeads does. The caller has checked the text parses.
func (s *Store) SetICPRules(ctx context.Context, r score.Stored, scoreFunc func(*paceline.Lead)) (seen, changed int, err error) {
	now := dbTime(s.now())
	err = s.inTx(ctx, "set the ICP rules", func(tx pgx.Tx) error {
		// The leads first, then the rules (lockForRescore): two commands setting
		// rules at once take turns on the table, so the later one's rules and scores
		// win together, even where the rules row does not exist yet and a delete of
		// it would lock nothing.
		if err := s.lockForRescore(ctx, tx); err != nil {
			return err
		}
		var err error
		if r.YAML == "" {
			_, err = tx.Exec(ctx, `DELETE FROM icp_rules`)
		} else {
			_, err = tx.Exec(ctx, `INSERT INTO icp_rules (id, yaml, source, set_at) VALUES (1, $1, $2, $3)
				ON CONFLICT (id) DO UPDATE SET yaml = excluded.yaml, source = excluded.source, set_at = excluded.set_at`,
				r.YAML, r.Source, now)
		}
		if err != nil {
			return s.fail("set the ICP rules", err)
		}
		seen, changed, err = s.rescoreTx(ctx, tx, scoreFunc, now)
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	return seen, changed, nil
}

// lockForRescore holds the leads table against other writers (readers go on) until tx
// ends, as an import does for its whole length (ImportLeads): the rescore's pass reads
// the leads a page at a time, each statement seeing what was committed when it ran, and
// writes back scores computed from what it read. Without the lock an import that
// commits during the pass left its new leads unseen, scored by the rules it read, and a
// lead changed meanwhile got a score computed from its fields as they were. It is
// SQLite's writer's lock, taken at BEGIN there: a rescore and a write of the leads
// take turns.
func (s *Store) lockForRescore(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `LOCK TABLE leads IN EXCLUSIVE MODE`); err != nil {
		return s.fail("rescore leads: lock them against writes meanwhile", err)
	}
	return nil
}

// rescoreTx is RescoreLeads' pass over the leads inside the caller's transaction,
// which holds them with lockForRescore.
func (s *Store) rescoreTx(ctx context.Context, tx pgx.Tx, scoreFunc func(*paceline.Lead), now time.Time) (seen, changed int, err error) {
	var after int64
	for {
		page, err := s.leadPage(ctx, tx, after)
		if err != nil {
			return 0, 0, err
		}
		if len(page) == 0 {
			return seen, changed, nil
		}
		var batch pgx.Batch
		for _, l := range page {
			seen++
			expl, rescored, err := leadrow.Rescore(l, scoreFunc)
			if err != nil {
				return 0, 0, err
			}
			if !rescored {
				continue
			}
			changed++
			batch.Queue(`UPDATE leads SET score = $1, score_explanation = $2, updated_at = $3 WHERE id = $4`,
				int64(l.Score), expl, now, l.ID)
		}
		if batch.Len() > 0 {
			if err := tx.SendBatch(ctx, &batch).Close(); err != nil {
				return 0, 0, s.fail("rescore leads", err)
			}
		}
		after = page[len(page)-1].ID
	}
}
