package postgres

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/leadrow"
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
		reason = leadrow.ReasonOptOut
	}
	if at.IsZero() {
		at = k.now
	}
	at = dbTime(at)
	owners, err := k.Owners(keys)
	if err != nil {
		return nil, err
	}
	all := keys
	var held []lead.Key
	if len(owners) > 0 {
		// The leads, keys and updates this import buffered must be in the tables the
		// UPDATE and the key read below see.
		if err := k.flush(); err != nil {
			return nil, err
		}
		for _, id := range owners {
			var opted time.Time
			if err := k.tx.QueryRow(k.ctx, `UPDATE leads SET opted_out_at = COALESCE(opted_out_at, $1), updated_at = $2 WHERE id = $3
				RETURNING opted_out_at`, at, k.now, id).Scan(&opted); err != nil {
				return nil, k.s.fail(fmt.Sprintf("opt out lead %d", id), err)
			}
			k.noteOptedOut(id, opted)
			ks, err := k.s.leadKeys(k.ctx, k.tx, id)
			if err != nil {
				return nil, err
			}
			held = append(held, ks...)
		}
		all = append(slices.Clip(keys), held...)
	}
	if err := k.s.suppress(k.ctx, k.tx, all, reason, at); err != nil {
		return nil, err
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
	k.optedOut[id] = at.UTC()
}

// suppressAdded puts the hashes of keys on the suppression list when lead id opted
// out in this import (OptOut, Fold): an opted-out lead gains no key a campaign could
// reach it by. Any other lead costs one map lookup.
func (k *leadSink) suppressAdded(id int64, keys []lead.Key) error {
	at, ok := k.optedOut[id]
	if !ok {
		return nil
	}
	return k.s.suppress(k.ctx, k.tx, keys, leadrow.ReasonOptOut, at)
}

// foldOptOut keeps an opt-out through Fold, once the keys of from are into's: into is
// opted out at the earlier of the two leads' times and every key it holds goes on the
// suppression list. Two leads that never opted out cost one statement that writes
// nothing.
func (k *leadSink) foldOptOut(into, from int64) error {
	delete(k.optedOut, from)
	delete(k.optedOut, into)
	what := fmt.Sprintf("fold lead %d into %d: keep the opt-out", from, into)
	var at time.Time
	err := k.tx.QueryRow(k.ctx, `UPDATE leads SET opted_out_at = m.at,
			updated_at = CASE WHEN leads.opted_out_at = m.at THEN leads.updated_at ELSE $3 END
		FROM (SELECT MIN(opted_out_at) AS at FROM leads WHERE id IN ($1, $2)) m
		WHERE leads.id = $1 AND m.at IS NOT NULL
		RETURNING leads.opted_out_at`, into, from, k.now).Scan(&at)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil // neither opted out
	}
	if err != nil {
		return k.s.fail(what, err)
	}
	keys, err := k.s.leadKeys(k.ctx, k.tx, into)
	if err != nil {
		return err
	}
	if err := k.s.suppress(k.ctx, k.tx, keys, leadrow.ReasonOptOut, at); err != nil {
		return err
	}
	k.noteOptedOut(into, at)
	return nil
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
