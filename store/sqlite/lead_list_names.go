package sqlite

import (
	"context"
	"fmt"
)

// ListNames returns the names of the lists of leads, in name order, members or not: a
// command given a list that is not among them can say which ones there are.
func (s *Store) ListNames(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM lists ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("read list names: %w", err)
	}
	defer rows.Close()
	names := []string{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("read list names: %w", err)
		}
		names = append(names, name)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read list names: %w", err)
	}
	return names, nil
}
