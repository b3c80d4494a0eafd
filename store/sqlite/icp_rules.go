package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/score"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// ICPRules returns the ICP rules in force as the user set them; ok is false while
// none are set and the built-in rules apply.
func (s *Store) ICPRules(ctx context.Context) (r score.Stored, ok bool, err error) {
	return readICPRules(ctx, s.db)
}

// RulesFunc turns the ICP rules in force, read inside a transaction that writes
// scores (kept false: none are set and the built-in rules apply), into the scoring
// function (score.Rules.Apply) that transaction scores with.
type RulesFunc = func(r score.Stored, kept bool) (func(*paceline.Lead), error)

// rulesInForceTx reads the rules in force inside tx and turns them into the scoring
// function with rulesFor. tx holds the writer's lock from its BEGIN (_txlock=immediate),
// as SetICPRules' does: no other save commits before tx ends, so the rules read are
// the ones in force when its scores commit. Read before tx began, they could be a
// save's old rules, and the scores written with them committed under the new ones.
func rulesInForceTx(ctx context.Context, tx *sql.Tx, rulesFor RulesFunc) (func(*paceline.Lead), error) {
	r, kept, err := readICPRules(ctx, tx)
	if err != nil {
		return nil, err
	}
	scoreFunc, err := rulesFor(r, kept)
	if err != nil {
		return nil, fmt.Errorf("score with the ICP rules in force: %w", err)
	}
	return scoreFunc, nil
}

// ICPRules reads the rules in force inside the import's transaction, which holds the
// writer's lock from its start: the rules an import scores with are those its leads
// commit under (api.RulesSink). ok is false while the built-in rules apply.
func (k *leadSink) ICPRules() (r score.Stored, ok bool, err error) {
	return readICPRules(k.ctx, k.tx)
}

// readICPRules reads the rules in force through q, the database or a transaction.
func readICPRules(ctx context.Context, q leadQuerier) (r score.Stored, ok bool, err error) {
	err = q.QueryRowContext(ctx, `SELECT yaml, source, set_at FROM icp_rules WHERE id = 1`).
		Scan(&r.YAML, &r.Source, &r.SetAt)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return score.Stored{}, false, nil
	case err != nil:
		return score.Stored{}, false, fmt.Errorf("read the ICP rules: %w", err)
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
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("set the ICP rules: %w", err)
	}
	defer tx.Rollback()
	if r.YAML == "" {
		_, err = tx.ExecContext(ctx, `DELETE FROM icp_rules`)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO icp_rules (id, yaml, source, set_at) VALUES (1, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET yaml = excluded.yaml, source = excluded.source, set_at = excluded.set_at`,
			r.YAML, r.Source, s.now())
	}
	if err != nil {
		return 0, 0, fmt.Errorf("set the ICP rules: %w", err)
	}
	if seen, changed, err = s.rescoreTx(ctx, tx, scoreFunc); err != nil {
		return 0, 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("set the ICP rules: %w", err)
	}
	return seen, changed, nil
}

// rescoreTx is RescoreLeads' pass over the leads inside the caller's transaction.
func (s *Store) rescoreTx(ctx context.Context, tx *sql.Tx, scoreFunc func(*paceline.Lead)) (seen, changed int, err error) {
	upd, err := tx.PrepareContext(ctx, `UPDATE leads SET score = ?, score_explanation = ?, updated_at = ? WHERE id = ?`)
	if err != nil {
		return 0, 0, fmt.Errorf("rescore leads: %w", err)
	}
	defer upd.Close()
	now := s.now()
	var after int64
	for {
		page, err := leadPage(ctx, tx, after)
		if err != nil {
			return 0, 0, err
		}
		if len(page) == 0 {
			return seen, changed, nil
		}
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
			if _, err := upd.ExecContext(ctx, l.Score, expl, now, l.ID); err != nil {
				return 0, 0, fmt.Errorf("rescore lead %d: %w", l.ID, err)
			}
		}
		after = page[len(page)-1].ID
	}
}
