package sqlite

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
)

// rescorePage is how many leads a rescore reads before writing them back: reading
// and writing one table on one connection is done in pages, never with a cursor open
// over the rows being changed.
const rescorePage = 1000

// RescoreLeads calls scoreFunc (score.Rules.Apply) on every stored lead and writes back
// the leads whose score or explanation changed, in one transaction. It returns how many
// leads it saw and how many changed. SetICPRules makes the same pass (rescoreTx) in
// the transaction that changes the rules.
func (s *Store) RescoreLeads(ctx context.Context, scoreFunc func(*paceline.Lead)) (seen, changed int, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("rescore leads: %w", err)
	}
	defer tx.Rollback()
	if seen, changed, err = s.rescoreTx(ctx, tx, scoreFunc); err != nil {
		return 0, 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("rescore leads: %w", err)
	}
	return seen, changed, nil
}

// RescoreLeadsInForce is RescoreLeads with the ICP rules in force, read inside its
// transaction and turned into the scoring function by rulesFor: a rescore that began
// while a save of new rules (SetICPRules) ran scores with the new rules, where rules
// read before it began left the old rules' scores under the new ones.
func (s *Store) RescoreLeadsInForce(ctx context.Context, rulesFor RulesFunc) (seen, changed int, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("rescore leads: %w", err)
	}
	defer tx.Rollback()
	scoreFunc, err := rulesInForceTx(ctx, tx, rulesFor)
	if err != nil {
		return 0, 0, err
	}
	if seen, changed, err = s.rescoreTx(ctx, tx, scoreFunc); err != nil {
		return 0, 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("rescore leads: %w", err)
	}
	return seen, changed, nil
}

// leadPage reads the next page of leads by id, after the given one.
func leadPage(ctx context.Context, q leadQuerier, after int64) ([]*paceline.Lead, error) {
	rows, err := q.QueryContext(ctx, selectLead+` WHERE id > ? ORDER BY id LIMIT ?`, after, rescorePage)
	if err != nil {
		return nil, fmt.Errorf("read leads: %w", err)
	}
	defer rows.Close()
	var page []*paceline.Lead
	for rows.Next() {
		sl, err := scanLead(rows)
		if err != nil {
			return nil, fmt.Errorf("read leads: %w", err)
		}
		page = append(page, &sl.Lead)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read leads: %w", err)
	}
	return page, nil
}
