package postgres

import (
	"context"
	"fmt"

	"github.com/paceline/paceline/store/internal/leadrow"
)

// LeadRunningAccounts returns the accounts that run a sequence of the lead (an
// enrollment new, active or waiting under any of its references), by name: an opt-out
// wakes their ticks, which stop those sequences. Errors: none for a lead that runs
// nowhere or is not stored.
func (s *Store) LeadRunningAccounts(ctx context.Context, id int64) ([]string, error) {
	keys, err := s.leadKeys(ctx, s.pool, id)
	if err != nil {
		return nil, err
	}
	refs := leadrow.Refs(keys)
	if len(refs) == 0 {
		return nil, nil
	}
	what := fmt.Sprintf("read the accounts running lead %d", id)
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT account FROM enrollments
		WHERE state IN ('new', 'active', 'waiting') AND lead = ANY($1) ORDER BY account`, refs)
	if err != nil {
		return nil, s.fail(what, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, s.fail(what, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(what, err)
	}
	return out, nil
}
