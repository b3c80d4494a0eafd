package postgres

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// An entry of a suppression list put back from an export may name a person this
// database holds as a lead: in:ghost imported here, erased in the database the export
// came from. The entry alone kept rows out but left the stored lead contactable, so
// restoring opts out the leads holding a restored hash, as leads optout does. An
// entry a suppressed row spread ("spread from in") names the address of another
// person than a holder whose LinkedIn key of that kind is not suppressed: Amy
// (in:amy, info@acme.com) is spared info@acme.com spread from in:ghost, as her row
// is in an import (lead.SpreadApart).

// optOutHolders marks the leads holding a key whose hash is in restored (hash -> the
// entry's time) opted out at the earliest such time, a lead that opted out earlier
// keeping its own, and puts the hashes of all their keys on the suppression list;
// a lead whose only listed keys are emails spread from another LinkedIn profile than
// its own is left as it is (lead.SpreadApart). It reads every stored key once, which
// it costs only when entries were added.
func (s *Store) optOutHolders(ctx context.Context, tx pgx.Tx, restored map[string]time.Time, now time.Time) error {
	if len(restored) == 0 {
		return nil
	}
	holders, err := s.restoredHolders(ctx, tx, restored)
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(holders))
	for id := range holders {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		what := fmt.Sprintf("opt out lead %d", id)
		keys, err := s.leadKeys(ctx, tx, id)
		if err != nil {
			return err
		}
		listed, err := s.listedReasons(ctx, tx, keys)
		if err != nil {
			return err
		}
		if lead.SpreadApart(keys, listed) {
			continue
		}
		at := dbTime(holders[id])
		if _, err := tx.Exec(ctx, `UPDATE leads SET opted_out_at = COALESCE(opted_out_at, $1), updated_at = $2 WHERE id = $3`,
			at, dbTime(now), id); err != nil {
			return s.fail(what, err)
		}
		if err := s.suppress(ctx, tx, keys, leadrow.ReasonOptOut, at); err != nil {
			return err
		}
	}
	return nil
}

// restoredHolders returns the leads holding a key whose hash is in restored, each
// with the earliest time of its entries.
func (s *Store) restoredHolders(ctx context.Context, tx pgx.Tx, restored map[string]time.Time) (map[int64]time.Time, error) {
	const what = "find the leads a restored suppression names"
	rows, err := tx.Query(ctx, `SELECT lead_id, kind, value FROM lead_keys`)
	if err != nil {
		return nil, s.fail(what, err)
	}
	defer rows.Close()
	holders := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var kind, value string
		if err := rows.Scan(&id, &kind, &value); err != nil {
			return nil, s.fail(what, err)
		}
		k, err := leadrow.ParseKey(id, kind, value)
		if err != nil {
			return nil, err
		}
		at, ok := restored[k.Hash()]
		if !ok {
			continue
		}
		if cur, seen := holders[id]; !seen || at.Before(cur) {
			holders[id] = at
		}
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(what, err)
	}
	return holders, nil
}

// listedReasons returns the hashes of keys that are on the suppression list, with
// their entries' reasons.
func (s *Store) listedReasons(ctx context.Context, q leadQuerier, keys []lead.Key) (map[string]string, error) {
	const what = "check suppression list"
	hashes := make([]string, len(keys))
	for i, k := range keys {
		hashes[i] = k.Hash()
	}
	rows, err := q.Query(ctx, `SELECT key_hash, reason FROM suppressions WHERE key_hash = ANY($1)`, hashes)
	if err != nil {
		return nil, s.fail(what, err)
	}
	defer rows.Close()
	listed := map[string]string{}
	for rows.Next() {
		var h, reason string
		if err := rows.Scan(&h, &reason); err != nil {
			return nil, s.fail(what, err)
		}
		listed[h] = reason
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(what, err)
	}
	return listed, nil
}
