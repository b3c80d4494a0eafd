package sqlite

import (
	"fmt"
	"time"

	"github.com/paceline/paceline/lead"
)

var _ lead.Suppressor = (*leadSink)(nil)

// OptOut puts the hashes of keys on the suppression list inside the import's
// transaction and marks the leads holding one of them opted out, with all their keys
// suppressed (lead.Suppressor): a row of an export that says the person opted out.
// A person no lead holds costs no flush of the buffer.
func (k *leadSink) OptOut(keys []lead.Key, at time.Time) error {
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
	if err := suppress(k.ctx, k.tx, all, ReasonOptOut, at); err != nil {
		return fmt.Errorf("opt out: %w", err)
	}
	return nil
}
