package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// rescorePage is how many leads a rescore reads before writing back the changed ones
// in one batch: a transaction's connection runs one statement at a time, so a page is
// read whole, never with a cursor open over the rows being changed.
const rescorePage = 1000

// RescoreLeads calls scoreFunc (score.Rules.Apply) on every stored lead and writes back
// the leads whose score or explanation changed, in one transaction. It returns how many
// leads it saw and how many changed.
func (s *Store) RescoreLeads(ctx context.Context, scoreFunc func(*paceline.Lead)) (seen, changed int, err error) {
	now := dbTime(s.now())
	err = s.inTx(ctx, "rescore leads", func(tx pgx.Tx) error {
		var after int64
		for {
			page, err := s.leadPage(ctx, tx, after)
			if err != nil {
				return err
			}
			if len(page) == 0 {
				return nil
			}
			var batch pgx.Batch
			for _, l := range page {
				seen++
				expl, rescored, err := leadrow.Rescore(l, scoreFunc)
				if err != nil {
					return err
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
					return s.fail("rescore leads", err)
				}
			}
			after = page[len(page)-1].ID
		}
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
