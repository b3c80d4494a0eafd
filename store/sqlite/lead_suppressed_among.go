package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// SuppressedAmong returns those of keys whose hash is on the suppression list (an
// opt-out or an erasure, by any way), in one query whatever their number: a tick asks
// it for the keys of every running enrollment's lead, so that a sequence with nothing
// left to send stops on the opt-out all the same.
func (s *Store) SuppressedAmong(ctx context.Context, keys []lead.Key) ([]lead.Key, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	byHash, hashes := leadrow.HashGroups(keys)
	list, err := json.Marshal(hashes)
	if err != nil {
		return nil, fmt.Errorf("check the suppression list: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT key_hash FROM suppressions WHERE key_hash IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, fmt.Errorf("check the suppression list: %w", err)
	}
	defer rows.Close()
	var out []lead.Key
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("check the suppression list: %w", err)
		}
		out = append(out, byHash[h]...)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("check the suppression list: %w", err)
	}
	return out, nil
}
