package postgres

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// importFlush is how many new leads an import buffers before writing them, with their
// keys and memberships, by COPY: one round trip per table per batch instead of one per
// row.
const importFlush = 5000

// ImportLeads runs fn with a lead.Sink writing into one transaction, committed when fn
// returns nil and rolled back otherwise: an import that fails or is cancelled leaves
// the tables as they were. New leads go in by COPY. The import locks the leads table
// against other writers (readers go on) for its whole length, as SQLite's write lock
// does: two imports at once would hand out the same ids.
func (s *Store) ImportLeads(ctx context.Context, fn func(sink lead.Sink) error) error {
	now := dbTime(s.now())
	return s.inTx(ctx, "import leads", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE leads IN EXCLUSIVE MODE`); err != nil {
			return s.fail("begin import", err)
		}
		sink := &leadSink{s: s, ctx: ctx, tx: tx, now: now, pendingByID: map[int64]int{},
			pendingByKey: map[lead.Key]int64{}, members: map[member]struct{}{}, listIDs: map[string]int64{},
			updated: map[int64]*paceline.Lead{}, fetched: map[int64]*paceline.Lead{}}
		if err := fn(sink); err != nil {
			return err
		}
		if err := sink.flush(); err != nil {
			return err
		}
		if err := sink.optOutRestored(); err != nil {
			return err
		}
		if _, err := sink.SettleMerges(); err != nil {
			return err
		}
		// The sink chose the ids itself: move the identity on past them, so that a row
		// added without an id never collides. (A sequence is not transactional: a
		// commit that fails after this leaves the next id higher, nothing else.)
		if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('leads', 'id'),
			COALESCE(MAX(id), 0) + 1, false) FROM leads`); err != nil {
			return s.fail("import leads", err)
		}
		return nil
	})
}

// member is one list membership waiting to be written.
type member struct{ list, lead int64 }

// leadSink is the store side of an import: it buffers new leads, their keys and list
// memberships and writes them by COPY, answering lookups from the buffer first.
type leadSink struct {
	s   *Store
	ctx context.Context
	tx  pgx.Tx
	now time.Time

	pending      []*paceline.Lead
	pendingByID  map[int64]int      // lead id -> index in pending
	pendingByKey map[lead.Key]int64 // keys of pending and of updated leads
	keyRows      [][]any            // kind, value, lead_id
	members      map[member]struct{}

	// updated holds the stored leads rewritten since the last flush, whose statements
	// wait in updates: a duplicate costs no round trip of its own to write.
	updated map[int64]*paceline.Lead
	updates pgx.Batch
	// fetched holds the stored leads Owners read with their ids, for the Load that
	// follows it: one round trip finds and reads a duplicate's lead. Prefetch fills it
	// too, for a whole batch of rows, and ahead with the owners of those leads' keys
	// (lead_import_ahead.go).
	fetched map[int64]*paceline.Lead
	ahead   map[lead.Key]int64

	listIDs map[string]int64
	// merged holds the leads others were folded into: the import stops all but one
	// running enrollment of each before it commits (stopMergedRuns).
	merged map[int64]bool

	// restored holds the hashes (and times) of the suppression entries the import put
	// back, whose holders are opted out before it commits (optOutRestored).
	restored map[string]time.Time

	// optedOut holds the leads this import opted out (OptOut) or merged with one that
	// had (Fold), with when: a key Update adds to one is suppressed (suppressAdded).
	optedOut map[int64]time.Time
}

var (
	_ lead.Sink         = (*leadSink)(nil)
	_ lead.MergeSettler = (*leadSink)(nil)
)

// SettleMerges writes the buffer and stops all but one running enrollment of each
// lead the import merged others into (stopMergedRuns), returning how many it stopped.
// lead.Import calls it last; ImportLeads again before it commits, when it finds
// nothing left to do.
func (k *leadSink) SettleMerges() (int, error) {
	if err := k.flush(); err != nil {
		return 0, err
	}
	merged := k.merged
	k.merged = nil
	return k.s.stopMergedRuns(k.ctx, k.tx, merged, k.now)
}

// Known calls fn for every stored lead with its keys, grouped by lead, and then with
// the highest lead id ever deleted and no keys (lead.Sink), so that a new lead never
// gets an erased or merged lead's id.
func (k *leadSink) Known(fn func(id int64, keys []lead.Key) error) error {
	rows, err := k.tx.Query(k.ctx, `SELECT lead_id, kind, value FROM lead_keys ORDER BY lead_id`)
	if err != nil {
		return k.s.fail("read lead keys", err)
	}
	defer rows.Close()
	// A lead stored before emails were put in NFC with an ASCII domain is indexed under
	// its address's canonical form too, which the import's rows carry.
	ck := lead.CanonicalKnown{Fn: fn}
	g := leadrow.KeyGroups{Fn: ck.Add}
	for rows.Next() {
		var id int64
		var kind, value string
		if err := rows.Scan(&id, &kind, &value); err != nil {
			return k.s.fail("read lead keys", err)
		}
		if err := g.Add(id, kind, value); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return k.s.fail("read lead keys", err)
	}
	if err := g.Done(); err != nil {
		return err
	}
	if err := ck.Done(); err != nil {
		return err
	}
	var floor int64
	if err := k.tx.QueryRow(k.ctx, `SELECT COALESCE((SELECT last FROM id_floors WHERE name = 'leads'), 0)`).Scan(&floor); err != nil {
		return k.s.fail("read the lead id floor", err)
	}
	if floor > 0 {
		return fn(floor, nil)
	}
	return nil
}

// Suppressed returns every hash on the suppression list.
func (k *leadSink) Suppressed() (map[string]struct{}, error) {
	rows, err := k.tx.Query(k.ctx, `SELECT key_hash FROM suppressions`)
	if err != nil {
		return nil, k.s.fail("read suppression list", err)
	}
	hashes, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, k.s.fail("read suppression list", err)
	}
	set := make(map[string]struct{}, len(hashes))
	for _, h := range hashes {
		set[h] = struct{}{}
	}
	return set, nil
}

// Owners looks the keys up exactly, in the buffer and then in lead_keys: one query
// for all the keys the buffer does not hold, which also reads the leads it finds (see
// fetched). A non-ASCII email no lead holds exactly is also looked up by the other
// forms a lead stored before may hold it in (Key.OtherForms).
func (k *leadSink) Owners(keys []lead.Key) ([]int64, error) {
	var ids []int64
	var kinds, values []string
	var unusual []lead.Key
	for _, key := range keys {
		if key.OtherForms() != nil {
			unusual = append(unusual, key) // a non-ASCII email: see below
			continue
		}
		if id, ok := k.pendingByKey[key]; ok {
			ids = append(ids, id)
			continue
		}
		if id, ok := k.ahead[key]; ok {
			ids = append(ids, id)
			continue
		}
		kinds, values = append(kinds, leadrow.KeyKind(key.Type)), append(values, key.Value)
	}
	ids, err := k.owners(ids, kinds, values)
	if err != nil {
		return nil, err
	}
	// A non-ASCII email no lead holds exactly is looked up by the other forms a lead
	// stored before may hold it in (Key.OtherForms), as the import's index finds such
	// a lead (lead.CanonicalKnown).
	for _, first := range unusual {
		others := first.OtherForms()
		n := len(ids)
		for i := -1; i < len(others) && len(ids) == n; i++ {
			key := first
			if i >= 0 {
				key = others[i]
			}
			if id, ok := k.pendingByKey[key]; ok {
				ids = append(ids, id)
				continue
			}
			if id, ok := k.ahead[key]; ok {
				ids = append(ids, id)
				continue
			}
			if ids, err = k.owners(ids, []string{leadrow.KeyKind(key.Type)}, []string{key.Value}); err != nil {
				return nil, err
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// owners appends to ids the stored leads holding one of the keys, of kinds and values
// in pairs, and keeps the leads it reads (see fetched).
func (k *leadSink) owners(ids []int64, kinds, values []string) ([]int64, error) {
	if len(kinds) > 0 {
		rows, err := k.tx.Query(k.ctx, selectLeadWithLists+` WHERE id IN (SELECT k.lead_id FROM lead_keys k
			JOIN unnest($1::text[], $2::text[]) AS u(kind, value) ON k.kind = u.kind AND k.value = u.value)`,
			kinds, values)
		if err != nil {
			return nil, k.s.fail("look up lead keys", err)
		}
		defer rows.Close()
		for rows.Next() {
			var lists []string
			sl, err := scanLead(rows, &lists)
			if err != nil {
				return nil, k.s.fail("look up lead keys", err)
			}
			if len(lists) > 0 {
				sl.Lists = lists
			}
			ids = append(ids, sl.ID)
			if _, ok := k.updated[sl.ID]; !ok {
				k.fetched[sl.ID] = &sl.Lead
			}
		}
		if err := rows.Err(); err != nil {
			return nil, k.s.fail("look up lead keys", err)
		}
	}
	return ids, nil
}

// Load returns a copy of a buffered or stored lead.
func (k *leadSink) Load(id int64) (*paceline.Lead, error) {
	if i, ok := k.pendingByID[id]; ok {
		return k.pending[i].Clone(), nil
	}
	if l, ok := k.updated[id]; ok {
		return l.Clone(), nil
	}
	if l, ok := k.fetched[id]; ok {
		return l.Clone(), nil // a later row of the batch may read it again
	}
	s, err := k.s.loadLead(k.ctx, k.tx, id)
	if err != nil {
		return nil, err
	}
	return &s.Lead, nil
}

// Insert buffers a new lead, writing the buffer when it is full.
func (k *leadSink) Insert(l *paceline.Lead, keys []lead.Key) error {
	l.CreatedAt, l.UpdatedAt = k.now, k.now
	c := *l
	k.pendingByID[c.ID] = len(k.pending)
	k.pending = append(k.pending, &c)
	for _, key := range keys {
		k.addKey(key, c.ID)
	}
	if err := k.addMembers(c.ID, c.Lists); err != nil {
		return err
	}
	if len(k.pending) >= importFlush {
		return k.flush()
	}
	return nil
}

func (k *leadSink) addKey(key lead.Key, id int64) {
	if _, ok := k.pendingByKey[key]; ok {
		return
	}
	k.pendingByKey[key] = id
	k.keyRows = append(k.keyRows, []any{leadrow.KeyKind(key.Type), key.Value, id})
}

func (k *leadSink) addMembers(id int64, lists []string) error {
	for _, name := range lists {
		lid, err := k.listID(name)
		if err != nil {
			return err
		}
		k.members[member{list: lid, lead: id}] = struct{}{}
	}
	return nil
}

// Update rewrites a lead: in the buffer when it is there, else in the table.
func (k *leadSink) Update(l *paceline.Lead, keys []lead.Key) error {
	l.UpdatedAt = k.now
	if err := k.suppressAdded(l.ID, keys); err != nil {
		return err
	}
	if i, ok := k.pendingByID[l.ID]; ok {
		c := *l
		k.pending[i] = &c
		for _, key := range keys {
			k.addKey(key, l.ID)
		}
		return k.addMembers(l.ID, l.Lists)
	}
	vals, err := leadValues(nil, l)
	if err != nil {
		return err
	}
	// Every column but the id and created_at; then the id for the WHERE. The update,
	// its new keys and lists wait in the batch until the next flush.
	vals = append(vals[1:len(vals)-2], k.now, l.ID)
	k.updates.Queue(`UPDATE leads SET profile_key = $1, sales_key = $2, email = $3,
		first_name = $4, last_name = $5, title = $6, seniority = $7, score = $8,
		score_explanation = $9, custom = $10, details = $11, updated_at = $12
		WHERE id = $13`, vals...)
	for _, key := range keys {
		k.pendingByKey[key] = l.ID
		k.updates.Queue(`INSERT INTO lead_keys (kind, value, lead_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			leadrow.KeyKind(key.Type), key.Value, l.ID)
	}
	for _, name := range l.Lists {
		lid, err := k.listID(name)
		if err != nil {
			return err
		}
		k.updates.Queue(`INSERT INTO list_members (list_id, lead_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			lid, l.ID, k.now)
	}
	k.updated[l.ID] = l.Clone()
	delete(k.fetched, l.ID)
	if len(k.updated)+len(k.fetched) >= importFlush {
		return k.flush()
	}
	return nil
}

// Fold moves a lead's keys and lists onto another and deletes it. It writes the
// buffer first, since either lead may be in it. The merged lead's running enrollments
// are sorted out once the import is written (stopMergedRuns); an opt-out of either
// lead is kept (foldOptOut).
func (k *leadSink) Fold(into, from int64) error {
	if k.merged == nil {
		k.merged = map[int64]bool{}
	}
	k.merged[into] = true
	clear(k.ahead) // keys change owner
	if err := k.flush(); err != nil {
		return err
	}
	what := fmt.Sprintf("fold lead %d into %d", from, into)
	for _, q := range []string{
		`UPDATE lead_keys SET lead_id = $1 WHERE lead_id = $2`,
		`INSERT INTO list_members (list_id, lead_id, added_at)
			SELECT list_id, $1, added_at FROM list_members WHERE lead_id = $2 ON CONFLICT DO NOTHING`,
	} {
		if _, err := k.tx.Exec(k.ctx, q, into, from); err != nil {
			return k.s.fail(what, err)
		}
	}
	if err := k.foldOptOut(into, from); err != nil {
		return err
	}
	// The schema cascades to the memberships left on the folded lead.
	if _, err := k.tx.Exec(k.ctx, `DELETE FROM leads WHERE id = $1`, from); err != nil {
		return k.s.fail(what, err)
	}
	return nil
}

// listID returns the id of the named list, creating it.
func (k *leadSink) listID(name string) (int64, error) {
	if id, ok := k.listIDs[name]; ok {
		return id, nil
	}
	what := fmt.Sprintf("create list %q", name)
	if _, err := k.tx.Exec(k.ctx, `INSERT INTO lists (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, name, k.now); err != nil {
		return 0, k.s.fail(what, err)
	}
	var id int64
	if err := k.tx.QueryRow(k.ctx, `SELECT id FROM lists WHERE name = $1`, name).Scan(&id); err != nil {
		return 0, k.s.fail(what, err)
	}
	k.listIDs[name] = id
	return id, nil
}

// flush writes the buffered leads, then their keys and memberships (which refer to
// them), each table by one COPY, then the waiting updates of stored leads in one
// batch.
func (k *leadSink) flush() error {
	if len(k.pending) > 0 {
		rows := make([][]any, len(k.pending))
		for i, l := range k.pending {
			vals, err := leadValues(make([]any, 0, len(leadColumns)), l)
			if err != nil {
				return err
			}
			rows[i] = vals
		}
		if _, err := k.tx.CopyFrom(k.ctx, pgx.Identifier{"leads"}, leadColumns, pgx.CopyFromRows(rows)); err != nil {
			return k.s.fail("insert leads", err)
		}
	}
	if len(k.keyRows) > 0 {
		if _, err := k.tx.CopyFrom(k.ctx, pgx.Identifier{"lead_keys"}, []string{"kind", "value", "lead_id"},
			pgx.CopyFromRows(k.keyRows)); err != nil {
			return k.s.fail("insert lead keys", err)
		}
	}
	if len(k.members) > 0 {
		rows := make([][]any, 0, len(k.members))
		for m := range k.members {
			rows = append(rows, []any{m.list, m.lead, k.now})
		}
		if _, err := k.tx.CopyFrom(k.ctx, pgx.Identifier{"list_members"}, []string{"list_id", "lead_id", "added_at"},
			pgx.CopyFromRows(rows)); err != nil {
			return k.s.fail("insert list members", err)
		}
	}
	if k.updates.Len() > 0 {
		if err := k.tx.SendBatch(k.ctx, &k.updates).Close(); err != nil {
			return k.s.fail("update stored leads", err)
		}
		k.updates = pgx.Batch{}
	}
	clear(k.pending)
	k.pending = k.pending[:0]
	clear(k.pendingByID)
	clear(k.pendingByKey)
	clear(k.members)
	clear(k.updated)
	clear(k.fetched)
	k.keyRows = k.keyRows[:0]
	return nil
}
