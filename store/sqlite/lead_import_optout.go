package sqlite

import (
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/paceline/paceline/lead"
)

var _ lead.Suppressor = (*leadSink)(nil)

// OptOut puts the hashes of keys on the suppression list inside the import's
// transaction and marks the leads holding one of them opted out, with all their keys
// suppressed (lead.Suppressor): a row of an export that says the person opted out,
// or one tying a key to a suppressed person (then with a reason lead chose). It
// returns the keys those leads hold. A person no lead holds costs no flush of the
// buffer.
func (k *leadSink) OptOut(keys []lead.Key, at time.Time, reason string) ([]lead.Key, error) {
	if reason == "" {
		reason = ReasonOptOut
	}
	if at.IsZero() {
		at = k.now
	}
	at = at.UTC()
	owners, err := k.Owners(keys)
	if err != nil {
		return nil, err
	}
	all := keys
	var held []lead.Key
	if len(owners) > 0 {
		// The leads and keys this import buffered must be in the tables the UPDATE and
		// the key read below see.
		if err := k.flush(); err != nil {
			return nil, err
		}
		for _, id := range owners {
			if err := k.exec(`UPDATE leads SET opted_out_at = COALESCE(opted_out_at, ?), updated_at = ? WHERE id = ?`, at, k.now, id); err != nil {
				return nil, fmt.Errorf("opt out lead %d: %w", id, err)
			}
			times, err := k.optedOutAt(id)
			if err != nil {
				return nil, err
			}
			k.noteOptedOut(id, times[id])
			ks, err := leadKeys(k.ctx, k.tx, id)
			if err != nil {
				return nil, err
			}
			held = append(held, ks...)
		}
		all = append(slices.Clip(keys), held...)
	}
	if err := suppress(k.ctx, k.tx, all, reason, at); err != nil {
		return nil, fmt.Errorf("opt out: %w", err)
	}
	return held, nil
}

// noteOptedOut records that lead id is opted out since at: a key Update adds to it
// goes on the suppression list (suppressAdded).
func (k *leadSink) noteOptedOut(id int64, at time.Time) {
	if at.IsZero() {
		return
	}
	if k.optedOut == nil {
		k.optedOut = map[int64]time.Time{}
	}
	k.optedOut[id] = at
}

// suppressAdded puts the hashes of keys on the suppression list when lead id opted
// out in this import (OptOut, Fold): an opted-out lead gains no key a campaign could
// reach it by. Any other lead costs one map lookup.
func (k *leadSink) suppressAdded(id int64, keys []lead.Key) error {
	at, ok := k.optedOut[id]
	if !ok {
		return nil
	}
	if err := suppress(k.ctx, k.tx, keys, ReasonOptOut, at); err != nil {
		return fmt.Errorf("update opted-out lead %d: %w", id, err)
	}
	return nil
}

// optedOutAt reads when the leads opted out, leaving out those that did not.
func (k *leadSink) optedOutAt(ids ...int64) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	for _, id := range ids {
		st, err := k.stmt(`SELECT opted_out_at FROM leads WHERE id = ?`)
		if err != nil {
			return nil, err
		}
		var at sql.NullTime
		err = st.QueryRowContext(k.ctx, id).Scan(&at)
		if err != nil && err != sql.ErrNoRows {
			return nil, fmt.Errorf("read when lead %d opted out: %w", id, err)
		}
		if at.Valid {
			out[id] = fromNullTime(at)
		}
	}
	return out, nil
}

// foldOptOut keeps an opt-out through Fold, once the keys of from are into's: into is
// opted out at the earlier of the two leads' times (before holds them, read before
// the fold) and every key it holds goes on the suppression list. Two leads that
// never opted out cost the reads of before only.
func (k *leadSink) foldOptOut(into int64, before map[int64]time.Time) error {
	delete(k.optedOut, into)
	var at time.Time
	for _, t := range before {
		if at.IsZero() || t.Before(at) {
			at = t
		}
	}
	if at.IsZero() {
		return nil
	}
	if cur, ok := before[into]; !ok || !cur.Equal(at) {
		if err := k.exec(`UPDATE leads SET opted_out_at = ?, updated_at = ? WHERE id = ?`, at, k.now, into); err != nil {
			return fmt.Errorf("keep the opt-out of lead %d: %w", into, err)
		}
	}
	keys, err := leadKeys(k.ctx, k.tx, into)
	if err != nil {
		return err
	}
	if err := suppress(k.ctx, k.tx, keys, ReasonOptOut, at); err != nil {
		return fmt.Errorf("keep the opt-out of lead %d: %w", into, err)
	}
	k.noteOptedOut(into, at)
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
