package postgres

import (
	"fmt"
	"time"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/leadrow"
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
	at = dbTime(at)
	owners, err := k.Owners(keys)
	if err != nil {
		return err
	}
	all := keys
	if len(owners) > 0 {
		// The leads, keys and updates this import buffered must be in the tables the
		// UPDATE and the key read below see.
		if err := k.flush(); err != nil {
			return err
		}
		all = append([]lead.Key(nil), keys...)
		for _, id := range owners {
			if _, err := k.tx.Exec(k.ctx, `UPDATE leads SET opted_out_at = COALESCE(opted_out_at, $1), updated_at = $2 WHERE id = $3`,
				at, k.now, id); err != nil {
				return k.s.fail(fmt.Sprintf("opt out lead %d", id), err)
			}
			held, err := k.s.leadKeys(k.ctx, k.tx, id)
			if err != nil {
				return err
			}
			all = append(all, held...)
		}
	}
	return k.s.suppress(k.ctx, k.tx, all, leadrow.ReasonOptOut, at)
}
