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
// suppressed (lead.Suppressor): a row of an export that says the person opted out,
// or one tying a key to a suppressed person (then with a reason lead chose).
// A person no lead holds costs no flush of the buffer.
func (k *leadSink) OptOut(keys []lead.Key, at time.Time, reason string) error {
	if reason == "" {
		reason = leadrow.ReasonOptOut
	}
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
	return k.s.suppress(k.ctx, k.tx, all, reason, at)
}

// SuppressedFor returns the hashes on the suppression list whose reason starts with
// prefix, with their reasons (lead.Suppressor).
func (k *leadSink) SuppressedFor(prefix string) (map[string]string, error) {
	const what = "read suppression list"
	rows, err := k.tx.Query(k.ctx, `SELECT key_hash, reason FROM suppressions WHERE starts_with(reason, $1)`, prefix)
	if err != nil {
		return nil, k.s.fail(what, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var h, r string
		if err := rows.Scan(&h, &r); err != nil {
			return nil, k.s.fail(what, err)
		}
		out[h] = r
	}
	if err := rows.Err(); err != nil {
		return nil, k.s.fail(what, err)
	}
	return out, nil
}
