package sqlite

import (
	"context"
	"fmt"
)

// BouncedLeads returns the references of every lead whose email hard-bounced, ever (a
// bounced event, from a refusal at RCPT TO or a delivery report): a campaign start
// does not email such a lead again unless asked, since the address is dead and
// mailing it again hurts the sending domain's reputation.
func (s *Store) BouncedLeads(ctx context.Context) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT lead FROM events WHERE type = 'bounced' AND lead <> ''`)
	if err != nil {
		return nil, fmt.Errorf("read the leads whose email bounced: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var lead string
		if err := rows.Scan(&lead); err != nil {
			return nil, fmt.Errorf("read the leads whose email bounced: %w", err)
		}
		out[lead] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the leads whose email bounced: %w", err)
	}
	return out, nil
}
