package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

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
func optOutHolders(ctx context.Context, tx *sql.Tx, restored map[string]time.Time, now time.Time) error {
	if len(restored) == 0 {
		return nil
	}
	holders, err := restoredHolders(ctx, tx, restored)
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(holders))
	for id := range holders {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		keys, err := leadKeys(ctx, tx, id)
		if err != nil {
			return err
		}
		listed, err := listedReasons(ctx, tx, keys)
		if err != nil {
			return fmt.Errorf("opt out lead %d: %w", id, err)
		}
		if lead.SpreadApart(keys, listed) {
			continue
		}
		at := holders[id].UTC()
		if _, err := tx.ExecContext(ctx, `UPDATE leads SET opted_out_at = COALESCE(opted_out_at, ?), updated_at = ? WHERE id = ?`, at, now, id); err != nil {
			return fmt.Errorf("opt out lead %d: %w", id, err)
		}
		if err := suppress(ctx, tx, keys, ReasonOptOut, at); err != nil {
			return fmt.Errorf("opt out lead %d: %w", id, err)
		}
	}
	return nil
}

// restoredHolders returns the leads holding a key whose hash is in restored, each
// with the earliest time of its entries.
func restoredHolders(ctx context.Context, tx *sql.Tx, restored map[string]time.Time) (map[int64]time.Time, error) {
	rows, err := tx.QueryContext(ctx, `SELECT lead_id, kind, value FROM lead_keys`)
	if err != nil {
		return nil, fmt.Errorf("find the leads a restored suppression names: %w", err)
	}
	defer rows.Close()
	holders := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var kind, value string
		if err := rows.Scan(&id, &kind, &value); err != nil {
			return nil, fmt.Errorf("find the leads a restored suppression names: %w", err)
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
		return nil, fmt.Errorf("find the leads a restored suppression names: %w", err)
	}
	return holders, nil
}

// listedReasons returns the hashes of keys that are on the suppression list, with
// their entries' reasons.
func listedReasons(ctx context.Context, q leadQuerier, keys []lead.Key) (map[string]string, error) {
	hashes, err := keyHashes(keys)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT key_hash, reason FROM suppressions WHERE key_hash IN (SELECT value FROM json_each(?))`, hashes)
	if err != nil {
		return nil, fmt.Errorf("check suppression list: %w", err)
	}
	defer rows.Close()
	listed := map[string]string{}
	for rows.Next() {
		var h, reason string
		if err := rows.Scan(&h, &reason); err != nil {
			return nil, fmt.Errorf("check suppression list: %w", err)
		}
		listed[h] = reason
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("check suppression list: %w", err)
	}
	return listed, nil
}
