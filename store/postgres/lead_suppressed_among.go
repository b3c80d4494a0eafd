package postgres

import (
	"context"
	"slices"

	"github.com/paceline/paceline/lead"
)

// suppressedAmongQuery returns those of the hashes in $1 that are on the suppression
// list. It probes the key_hash index once per hash (a LATERAL subquery with a LIMIT is
// never flattened into a join, and key_hash is unique, so LIMIT 1 drops nothing):
// written as key_hash = ANY($1) or as a join with unnest($1), the planner scanned the
// whole list (hashing the keys or the list) for a tick's 15,000 keys (an account with
// 5,000 running enrollments) once it held 100,000 entries, a cost that grew with the
// list. The hashes go in sorted, so the probes walk the index in its order.
const suppressedAmongQuery = `SELECT s.key_hash FROM unnest($1::text[]) AS k(h)
	CROSS JOIN LATERAL (SELECT key_hash FROM suppressions WHERE key_hash = k.h LIMIT 1) s`

// SuppressedAmong returns those of keys whose hash is on the suppression list (an
// opt-out or an erasure, by any way), in one query whatever their number: a tick asks
// it for the keys of every running enrollment's lead, so that a sequence with nothing
// left to send stops on the opt-out all the same. The query's cost follows the number
// of keys, not the length of the list.
func (s *Store) SuppressedAmong(ctx context.Context, keys []lead.Key) ([]lead.Key, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	byHash := make(map[string][]lead.Key, len(keys))
	hashes := make([]string, 0, len(keys))
	for _, k := range keys {
		h := k.Hash()
		if _, ok := byHash[h]; !ok {
			hashes = append(hashes, h)
		}
		byHash[h] = append(byHash[h], k)
	}
	slices.Sort(hashes)
	rows, err := s.pool.Query(ctx, suppressedAmongQuery, hashes)
	if err != nil {
		return nil, s.fail("check the suppression list", err)
	}
	defer rows.Close()
	var out []lead.Key
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, s.fail("check the suppression list", err)
		}
		out = append(out, byHash[h]...)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("check the suppression list", err)
	}
	return out, nil
}
