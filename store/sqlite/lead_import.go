package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// Batch sizes of the multi-row INSERTs an import writes with: one statement per
// batch instead of per row is most of what makes a bulk load fast. 100 leads bind
// 2,300 values, well under SQLite's bound of 32,766.
const (
	leadBatch   = 100
	keyBatch    = 300
	memberBatch = 300
)

// ImportLeads runs fn with a lead.Sink writing into one transaction, committed when fn
// returns nil and rolled back otherwise: an import that fails or is cancelled leaves
// the database as it was. The transaction holds the write lock for its whole length.
// A store made by OpenNew builds the tables' pages itself for its first import
// (lead_bulk.go), and a failed import leaves its file for the caller to remove.
func (s *Store) ImportLeads(ctx context.Context, fn func(sink lead.Sink) error) error {
	if s.private {
		b, err := s.startBulk(ctx)
		if err != nil {
			return err
		}
		if b != nil {
			return b.importAll(fn)
		}
	}
	run, err := s.beginImport(ctx)
	if err != nil {
		return err
	}
	defer run.close()
	if err := fn(run.sink); err != nil {
		return err
	}
	return run.commit()
}

// importRun is an import's transaction on its own connection, with its sink.
type importRun struct {
	conn    *sql.Conn
	tx      *sql.Tx
	sink    *leadSink
	rebuild []string // the listing indexes to build again before the commit
	undo    []func() // what close undoes, last first
}

// beginImport opens the transaction of an import and its sink.
func (s *Store) beginImport(ctx context.Context) (_ *importRun, err error) {
	// A bigger page cache for the length of the load keeps the key index in memory.
	// It is a setting of one connection, so hold that connection and put it back.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin import: %w", err)
	}
	run := &importRun{conn: conn}
	run.undo = append(run.undo, func() { conn.Close() })
	defer func() {
		if err != nil {
			run.close()
		}
	}()
	// Statement journals go to memory, not temporary files. Foreign keys are not
	// checked during the import: the sink writes keys and memberships only for leads
	// it wrote itself, and the check would cost a lookup per key row.
	for _, p := range []string{`PRAGMA temp_store = MEMORY`, `PRAGMA foreign_keys = OFF`} {
		if _, err := conn.ExecContext(ctx, p); err != nil {
			return nil, fmt.Errorf("begin import: %w", err)
		}
	}
	run.undo = append(run.undo, func() {
		for _, p := range []string{`PRAGMA cache_size = -2000`, `PRAGMA temp_store = DEFAULT`, `PRAGMA foreign_keys = ON`} {
			conn.ExecContext(context.Background(), p)
		}
	})
	fresh, err := noLeads(ctx, conn)
	if err != nil {
		return nil, fmt.Errorf("begin import: %w", err)
	}
	// 64 MB when leads are stored already: a re-import looks up lead_keys at random
	// and reads the leads of its duplicates back (more does not pay). A first import
	// writes in id order and reads back little: 32 MB took the same CPU on the
	// million-row bench (scripts/import-bench.sh) with 63 MB less at the peak, 221 MB
	// against 284 MB, where the bound is 300 MB.
	cache := `PRAGMA cache_size = -65536`
	if fresh {
		cache = `PRAGMA cache_size = -32768`
	}
	if _, err := conn.ExecContext(ctx, cache); err != nil {
		return nil, fmt.Errorf("begin import: %w", err)
	}
	if fresh && rollbackJournal(ctx, conn) {
		run.undo = append(run.undo, func() { conn.ExecContext(context.Background(), `PRAGMA journal_mode = WAL`) })
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin import: %w", err)
	}
	run.tx = tx
	run.undo = append(run.undo, func() { tx.Rollback() })
	now := s.now()
	run.sink = &leadSink{ctx: ctx, tx: tx, now: now, nowText: now.Format(timeLayout),
		pendingByID: map[int64]int{}, pendingByKey: map[lead.Key]int64{}, listIDs: map[string]int64{}}
	run.undo = append(run.undo, run.sink.close)
	if run.rebuild, err = dropSecondaryIndexes(ctx, tx); err != nil {
		return nil, err
	}
	return run, nil
}

// close rolls back what was not committed and gives the connection back as it was.
func (r *importRun) close() {
	for i := len(r.undo) - 1; i >= 0; i-- {
		r.undo[i]()
	}
	r.undo = nil
}

// commit writes what the sink holds, settles the opt-outs and merges, builds the
// dropped indexes again and commits.
func (r *importRun) commit() error {
	ctx, tx, sink := r.sink.ctx, r.tx, r.sink
	if err := sink.flush(); err != nil {
		return err
	}
	if err := sink.optOutRestored(); err != nil {
		return err
	}
	if _, err := sink.SettleMerges(); err != nil {
		return err
	}
	// The index builds sort in memory chunks as large as the page cache and merge
	// the sorted chunks from temporary files. Small chunks that stay in the CPU's
	// caches sort faster: rebuilding the two listing indexes of a million leads took
	// 2.8 s of CPU with a 2 MB cache against 3.2-3.7 s with 8 MB, and 4.7 s with the
	// chunks kept in memory (temp_store MEMORY, 140 MB at that point against 16 MB).
	if len(r.rebuild) > 0 {
		for _, p := range []string{`PRAGMA cache_size = -2048`, `PRAGMA temp_store = FILE`} {
			if _, err := tx.ExecContext(ctx, p); err != nil {
				return fmt.Errorf("rebuild lead index: %w", err)
			}
		}
	}
	for _, q := range r.rebuild {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("rebuild lead index: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit import: %w", err)
	}
	return nil
}

// noLeads reports whether the leads table is empty.
func noLeads(ctx context.Context, q leadQuerier) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM leads LIMIT 1)`).Scan(&n)
	return n == 0, err
}

// rollbackJournal switches the database out of WAL into the rollback journal for the
// length of a first import (into an empty leads table), when nothing else has the
// file open, and reports whether it did.
// In WAL a transaction's pages are written twice, to the log and then back into the
// database at the checkpoint; with a rollback journal, pages the import adds to the
// file are written once and only the few it changes are journaled, which for a big
// import is half the disk traffic. Atomicity is the same: a crash leaves a hot
// journal that the next opening rolls back. When another connection or process has
// the file open, SQLite refuses and the import stays in WAL. The switch there and
// back bumps the file change counter in the header, so a failed first import leaves
// the tables as they were but not every byte of the file: this is why it is kept to
// first imports, where the gain is largest.
func rollbackJournal(ctx context.Context, conn *sql.Conn) bool {
	var mode string
	if err := conn.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode); err != nil {
		return false
	}
	return mode == "delete"
}

// timeLayout is how the driver writes a time (the DSN's _time_format=sqlite); a bulk
// import formats its one timestamp once in the same layout.
const timeLayout = "2006-01-02 15:04:05.999999999-07:00"

// dropSecondaryIndexes drops the listing indexes of the leads table when it is empty,
// and returns the statements that build them again: building an index once, from
// sorted data, is cheaper than growing it a row at a time. (The lead_keys and
// list_members indexes stay: the import reads through them.) The
// definitions are read back from the schema, so they cannot drift from the
// migrations; the drop is part of the import's transaction and rolls back with it.
func dropSecondaryIndexes(ctx context.Context, tx *sql.Tx) ([]string, error) {
	if fresh, err := noLeads(ctx, tx); err != nil || !fresh {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master
		WHERE type = 'index' AND tbl_name = 'leads' AND sql IS NOT NULL
		ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("read lead indexes: %w", err)
	}
	defer rows.Close()
	var names, create []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return nil, fmt.Errorf("read lead indexes: %w", err)
		}
		names, create = append(names, name), append(create, def)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read lead indexes: %w", err)
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX `+name); err != nil {
			return nil, fmt.Errorf("drop index %s for the import: %w", name, err)
		}
	}
	return create, nil
}

// leadSink is the store side of an import: it buffers new leads, their keys and
// list memberships and writes them in multi-row INSERTs, answering lookups from the
// buffer first.
type leadSink struct {
	ctx     context.Context
	tx      *sql.Tx
	now     time.Time
	nowText string // now in timeLayout

	stmts map[string]*sql.Stmt // prepared statements by text

	pending      []*paceline.Lead
	pendingByID  map[int64]int // lead id -> index in pending
	pendingByKey map[lead.Key]int64
	keyRows      []any          // kind, value, lead_id triples
	memberRows   []any          // list_id, lead_id, added_at triples
	args         []any          // reused argument buffer
	leadArgs     [2][]any       // the argument buffers of insertLeads
	leadInserts  map[int]string // the INSERT of n leads, by n

	listIDs map[string]int64
	// merged holds the leads others were folded into: the import stops all but one
	// running enrollment of each before it commits (stopMergedRuns).
	merged map[int64]bool

	ahead readAhead // what Prefetch read for the current batch (lead_import_ahead.go)

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
	return stopMergedRuns(k.ctx, k.tx, merged, k.now)
}

func (k *leadSink) close() {
	for _, st := range k.stmts {
		st.Close()
	}
}

// stmt returns the statement prepared for query, preparing it on first use.
func (k *leadSink) stmt(query string) (*sql.Stmt, error) {
	if st, ok := k.stmts[query]; ok {
		return st, nil
	}
	st, err := k.tx.PrepareContext(k.ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare import statement: %w", err)
	}
	if k.stmts == nil {
		k.stmts = map[string]*sql.Stmt{}
	}
	k.stmts[query] = st
	return st, nil
}

func (k *leadSink) exec(query string, args ...any) error {
	st, err := k.stmt(query)
	if err != nil {
		return err
	}
	if _, err := st.ExecContext(k.ctx, args...); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return nil
}

// Known calls fn for every stored lead with its keys, grouped by lead, and then with
// the highest lead id ever deleted and no keys (lead.Sink), so that a new lead never
// gets an erased or merged lead's id.
func (k *leadSink) Known(fn func(id int64, keys []lead.Key) error) error {
	rows, err := k.tx.QueryContext(k.ctx, `SELECT lead_id, kind, value FROM lead_keys ORDER BY lead_id`)
	if err != nil {
		return fmt.Errorf("read lead keys: %w", err)
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
			return fmt.Errorf("read lead keys: %w", err)
		}
		if err := g.Add(id, kind, value); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read lead keys: %w", err)
	}
	if err := g.Done(); err != nil {
		return err
	}
	if err := ck.Done(); err != nil {
		return err
	}
	var floor int64
	if err := k.tx.QueryRowContext(k.ctx, idFloorQuery, "leads").Scan(&floor); err != nil {
		return fmt.Errorf("read the lead id floor: %w", err)
	}
	if floor > 0 {
		return fn(floor, nil)
	}
	return nil
}

// Suppressed returns every hash on the suppression list.
func (k *leadSink) Suppressed() (map[string]struct{}, error) {
	return suppressedHashes(k.ctx, k.tx)
}

func suppressedHashes(ctx context.Context, q leadQuerier) (map[string]struct{}, error) {
	rows, err := q.QueryContext(ctx, `SELECT key_hash FROM suppressions`)
	if err != nil {
		return nil, fmt.Errorf("read suppression list: %w", err)
	}
	defer rows.Close()
	set := map[string]struct{}{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("read suppression list: %w", err)
		}
		set[h] = struct{}{}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read suppression list: %w", err)
	}
	return set, nil
}

// Owners looks each key up exactly, in the buffer and then in lead_keys; a non-ASCII
// email no lead holds exactly also by the other forms a lead stored before may hold
// it in (Key.OtherForms), as the import's index finds such a lead (CanonicalKnown).
func (k *leadSink) Owners(keys []lead.Key) ([]int64, error) {
	var ids []int64
	for _, key := range keys {
		n := len(ids)
		var err error
		if ids, err = k.owner(ids, key); err != nil {
			return nil, err
		}
		if len(ids) > n {
			continue
		}
		for _, f := range key.OtherForms() {
			if ids, err = k.owner(ids, f); err != nil {
				return nil, err
			}
			if len(ids) > n {
				break
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// owner appends to ids the lead holding key exactly, if any.
func (k *leadSink) owner(ids []int64, key lead.Key) ([]int64, error) {
	if id, ok := k.pendingByKey[key]; ok {
		return append(ids, id), nil
	}
	if id, ok := k.ahead.keys[key]; ok {
		return append(ids, id), nil
	}
	st, err := k.stmt(`SELECT lead_id FROM lead_keys WHERE kind = ? AND value = ?`)
	if err != nil {
		return nil, err
	}
	var id int64
	err = st.QueryRowContext(k.ctx, leadrow.KeyKind(key.Type), key.Value).Scan(&id)
	switch {
	case err == sql.ErrNoRows:
	case err != nil:
		return nil, fmt.Errorf("look up key %s: %w", key, err)
	default:
		ids = append(ids, id)
	}
	return ids, nil
}

// Load returns a copy of a buffered or stored lead.
func (k *leadSink) Load(id int64) (*paceline.Lead, error) {
	if i, ok := k.pendingByID[id]; ok {
		return k.pending[i].Clone(), nil
	}
	if l := k.aheadLead(id); l != nil {
		return l, nil
	}
	s, err := loadLead(k.ctx, sinkQuerier{k}, id)
	if err != nil {
		return nil, err
	}
	return &s.Lead, nil
}

// sinkQuerier runs the lead reads through the sink's prepared statements: an import
// reads back every duplicate, and parsing the query each time was most of the cost.
type sinkQuerier struct{ k *leadSink }

func (q sinkQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := q.k.stmt(query)
	if err != nil {
		return q.k.tx.QueryRowContext(ctx, query, args...) // reports the same error
	}
	return st.QueryRowContext(ctx, args...)
}

func (q sinkQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := q.k.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
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
	if len(k.pending) >= 32*leadBatch {
		return k.flush()
	}
	return nil
}

func (k *leadSink) addKey(key lead.Key, id int64) {
	if _, ok := k.pendingByKey[key]; ok {
		return
	}
	k.pendingByKey[key] = id
	k.keyRows = append(k.keyRows, leadrow.KeyKind(key.Type), key.Value, id)
}

func (k *leadSink) addMembers(id int64, lists []string) error {
	for _, name := range lists {
		lid, err := k.listID(name)
		if err != nil {
			return err
		}
		k.memberRows = append(k.memberRows, lid, id, k.nowText)
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
		old := k.pending[i]
		c := *l
		k.pending[i] = &c
		for _, key := range keys {
			k.addKey(key, l.ID)
		}
		var added []string
		for _, name := range l.Lists {
			if !slices.Contains(old.Lists, name) {
				added = append(added, name)
			}
		}
		return k.addMembers(l.ID, added)
	}
	k.forgetAhead(l.ID, keys)
	args, err := leadArgs(k.args[:0], l)
	if err != nil {
		return err
	}
	// Every column but the id, then updated_at and the id for the WHERE.
	args = append(args[1:], k.nowText, l.ID)
	if err := k.exec(`UPDATE leads SET profile_key = ?, sales_key = ?, email = ?,
		first_name = ?, last_name = ?, title = ?, seniority = ?, score = ?,
		score_explanation = ?, custom = ?, details = ?, updated_at = ?
		WHERE id = ?`, args...); err != nil {
		return fmt.Errorf("update lead %d: %w", l.ID, err)
	}
	for _, key := range keys {
		if err := k.exec(`INSERT INTO lead_keys (kind, value, lead_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			leadrow.KeyKind(key.Type), key.Value, l.ID); err != nil {
			return fmt.Errorf("update lead %d: %w", l.ID, err)
		}
	}
	for _, name := range l.Lists {
		lid, err := k.listID(name)
		if err != nil {
			return err
		}
		if err := k.exec(`INSERT INTO list_members (list_id, lead_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			lid, l.ID, k.now); err != nil {
			return fmt.Errorf("update lead %d: %w", l.ID, err)
		}
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
	// Keys change owner and a lead goes: forget all that was read ahead.
	clear(k.ahead.leads)
	clear(k.ahead.keys)
	if err := k.flush(); err != nil {
		return err
	}
	before, err := k.optedOutAt(into, from)
	if err != nil {
		return fmt.Errorf("fold lead %d into %d: %w", from, into, err)
	}
	steps := []string{
		`UPDATE lead_keys SET lead_id = ? WHERE lead_id = ?`,
		`INSERT INTO list_members (list_id, lead_id, added_at)
			SELECT list_id, ?, added_at FROM list_members WHERE lead_id = ? ON CONFLICT DO NOTHING`,
	}
	for _, q := range steps {
		if err := k.exec(q, into, from); err != nil {
			return fmt.Errorf("fold lead %d into %d: %w", from, into, err)
		}
	}
	// Foreign keys are off during an import: delete the children by hand.
	if err := k.exec(`DELETE FROM list_members WHERE lead_id = ?`, from); err != nil {
		return fmt.Errorf("fold lead %d into %d: %w", from, into, err)
	}
	if err := k.exec(`DELETE FROM leads WHERE id = ?`, from); err != nil {
		return fmt.Errorf("fold lead %d into %d: %w", from, into, err)
	}
	delete(k.optedOut, from)
	return k.foldOptOut(into, before)
}

// listID returns the id of the named list, creating it.
func (k *leadSink) listID(name string) (int64, error) {
	if id, ok := k.listIDs[name]; ok {
		return id, nil
	}
	id, err := ensureList(k.ctx, k.tx, name, k.now)
	if err != nil {
		return 0, err
	}
	k.listIDs[name] = id
	return id, nil
}

func ensureList(ctx context.Context, tx *sql.Tx, name string, now time.Time) (int64, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO lists (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, name, now); err != nil {
		return 0, fmt.Errorf("create list %q: %w", name, err)
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM lists WHERE name = ?`, name).Scan(&id); err != nil {
		return 0, fmt.Errorf("create list %q: %w", name, err)
	}
	return id, nil
}

// flush writes the buffered leads, then their keys and memberships (which refer to
// them), in multi-row INSERTs.
func (k *leadSink) flush() error {
	if err := k.insertLeads(); err != nil {
		return err
	}
	if err := k.insertRows(`INSERT INTO lead_keys (kind, value, lead_id) VALUES `, k.keyRows, keyBatch); err != nil {
		return fmt.Errorf("insert lead keys: %w", err)
	}
	if err := k.insertRows(`INSERT INTO list_members (list_id, lead_id, added_at) VALUES `, k.memberRows, memberBatch); err != nil {
		return fmt.Errorf("insert list members: %w", err)
	}
	clear(k.pending)
	k.pending = k.pending[:0]
	clear(k.pendingByID)
	clear(k.pendingByKey)
	k.keyRows, k.memberRows = k.keyRows[:0], k.memberRows[:0]
	clear(k.args)
	return nil
}

// insertRows writes flat triples in statements of up to per rows.
func (k *leadSink) insertRows(prefix string, flat []any, per int) error {
	const width = 3
	for start := 0; start < len(flat); start += per * width {
		chunk := flat[start:min(start+per*width, len(flat))]
		suffix := ""
		if strings.HasPrefix(prefix, "INSERT INTO list_members") {
			suffix = " ON CONFLICT DO NOTHING"
		}
		group := "(" + strings.Repeat("?, ", width-1) + "?)"
		if err := k.exec(multiInsert(prefix, group, len(chunk)/width)+suffix, chunk...); err != nil {
			return err
		}
	}
	return nil
}

// multiInsert appends n value groups to prefix.
func multiInsert(prefix, group string, n int) string {
	var b strings.Builder
	b.Grow(len(prefix) + n*(len(group)+2))
	b.WriteString(prefix)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(group)
	}
	return b.String()
}
