package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
)

// rescorePage is how many leads a rescore reads before writing back the changed ones
// in one batch: a transaction's connection runs one statement at a time, so a page is
// read whole, never with a cursor open over the rows being changed.
const rescorePage = 1000

// RescoreLeads calls scoreFunc (score.Rules.Apply) on every stored lead and writes back
// the leads whose score or explanation changed, in one transaction. It returns how many
// leads it saw and how many changed. SetICPRules makes the same pass (rescoreTx) in
// the transaction that changes the rules.
func (s *Store) RescoreLeads(ctx context.Context, scoreFunc func(*paceline.Lead)) (seen, changed int, err error) {
	now := dbTime(s.now())
	err = s.inTx(ctx, "rescore leads", func(tx pgx.Tx) error {
		if err := s.lockForRescore(ctx, tx); err != nil {
			return err
		}
		var err error
		seen, changed, err = s.rescoreTx(ctx, tx, scoreFunc, now)
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	return seen, changed, nil
}

// RescoreLeadsInForce is RescoreLeads with the ICP rules in force, read inside its
// transaction once it holds the leads (lockForRescore) and turned into the scoring
// function by rulesFor: a rescore that began while a save of new rules (SetICPRules)
// ran waits for it and scores with the new rules, where rules read before it began
// left the old rules' scores under the new ones.
func (s *Store) RescoreLeadsInForce(ctx context.Context, rulesFor RulesFunc) (seen, changed int, err error) {
	now := dbTime(s.now())
	err = s.inTx(ctx, "rescore leads", func(tx pgx.Tx) error {
		if err := s.lockForRescore(ctx, tx); err != nil {
			return err
		}
		scoreFunc, err := s.rulesInForceTx(ctx, tx, rulesFor)
		if err != nil {
			return err
		}
		seen, changed, err = s.rescoreTx(ctx, tx, scoreFunc, now)
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	return seen, changed, nil
}

// leadPage reads the next page of leads by id, after the given one.
func (s *Store) leadPage(ctx context.Context, q leadQuerier, after int64) ([]*paceline.Lead, error) {
	rows, err := q.Query(ctx, selectLead+` WHERE id > $1 ORDER BY id LIMIT $2`, after, rescorePage)
	if err != nil {
		return nil, s.fail("read leads", err)
	}
	defer rows.Close()
	var page []*paceline.Lead
	for rows.Next() {
		sl, err := scanLead(rows)
		if err != nil {
			return nil, s.fail("read leads", err)
		}
		page = append(page, &sl.Lead)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("read leads", err)
	}
	return page, nil
}
