package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// ListNames returns the names of the lists of leads, in name order, members or not: a
// command given a list that is not among them can say which ones there are.
func (s *Store) ListNames(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT name FROM lists ORDER BY name COLLATE "C"`)
	if err != nil {
		return nil, s.fail("read list names", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, s.fail("read list names", err)
	}
	if names == nil {
		names = []string{}
	}
	return names, nil
}
