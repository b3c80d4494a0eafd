package sqlite

import (
	"fmt"
	"time"

	"github.com/paceline/paceline/lead"
)

var _ lead.Suppressor = (*leadSink)(nil)

// OptOut puts the hashes of keys on the suppression list inside the import's
// transaction and marks the leads holding one of them opted out, with all their keys
// suppressed (lead.Suppressor): a row of an export that says the person opted out,
// or one tying a key to a suppressed person (then with a reason lead chose).
// A person no lead holds costs no flush of the buffer.
func (k *leadSink) OptOut(keys []lead.Key, at time.Time, reason string) error {
	if reason == "" {
		reason = ReasonOptOut
	}
	if at.IsZero() {
		at = k.now
	}
	at = at.UTC()
	owners, err := k.Owners(keys)
	if err != nil {
		return err
	}
	all := keys
	if len(owners) > 0 {
		// The leads and keys this import buffered must be in the tables the UPDATE and
		// the key read below see.
		if err := k.flush(); err != nil {
			return err
		}
		all = append([]lead.Key(nil), keys...)
		for _, id := range owners {
			if err := k.exec(`UPDATE leads SET opted_out_at = COALESCE(opted_out_at, ?), updated_at = ? WHERE id = ?`, at, k.now, id); err != nil {
				return fmt.Errorf("opt out lead %d: %w", id, err)
			}
			held, err := leadKeys(k.ctx, k.tx, id)
			if err != nil {
				return err
			}
			all = append(all, held...)
		}
	}
	if err := suppress(k.ctx, k.tx, all, reason, at); err != nil {
		return fmt.Errorf("opt out: %w", err)
	}
	return nil
}

// SuppressedFor returns the hashes on the suppression list whose reason starts with
// prefix, with their reasons (lead.Suppressor).
func (k *leadSink) SuppressedFor(prefix string) (map[string]string, error) {
	rows, err := k.tx.QueryContext(k.ctx, `SELECT key_hash, reason FROM suppressions WHERE substr(reason, 1, length(?1)) = ?1`, prefix)
	if err != nil {
		return nil, fmt.Errorf("read suppression list: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var h, r string
		if err := rows.Scan(&h, &r); err != nil {
			return nil, fmt.Errorf("read suppression list: %w", err)
		}
		out[h] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read suppression list: %w", err)
	}
	return out, nil
}
