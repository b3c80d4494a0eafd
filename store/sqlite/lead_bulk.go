package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sort"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
	"github.com/paceline/paceline/store/sqlite/internal/pagefile"
)

// A bulk import is the first import into a database made by OpenNew. With no other
// connection to the file and nothing in the lead tables, it writes the B-tree pages of
// leads, lead_keys and list_members and of their indexes itself (package pagefile),
// the leads as the rows come, the keys and indexes sorted at the end, instead of
// having SQLite insert a row at a time: that is what SQLite spent most of an import's
// time on (docs/leads.md). What it holds answers the sink's lookups: the keys of every
// lead, and the latest leads, not yet written, in full.
//
// A lead written already is read back from its page, and a row that changes it leaves
// its new version in memory, written through SQLite once the pages are. What it cannot
// do on the pages it wrote (merging two leads, an opt-out in the file, a suppression
// list the file carries, more changed leads than it keeps) it does not attempt: it finishes the pages, opens the file through SQLite
// again and hands the rest of the import to the usual sink in a transaction (spill).
// Either way the rows end up as an import through SQLite would have left them
// (TestBulkImportMatchesSQLite).
type bulkSink struct {
	s       *Store
	ctx     context.Context
	now     time.Time
	nowText string
	schema  *bulkSchema
	cols    []leadColumn

	rules     score.Stored // the ICP rules in force, read before the file was closed
	rulesKept bool

	file  *pagefile.File
	table *pagefile.TableWriter
	rec   pagefile.Record

	recent  []*paceline.Lead // the latest leads, by id, not written yet
	written int64            // the highest id written to the table
	order   []bulkOrder      // the written leads' places in the listing indexes
	levels  map[paceline.Seniority]uint8
	names   []paceline.Seniority // by level

	keys    *bulkKeys
	lists   map[string]int64
	listAt  []string     // list names by id - 1
	members []bulkMember // the memberships of inserted leads, in lead order
	late    []bulkMember // the memberships updates added

	// overrides holds the latest version of each lead written already that a row
	// changed, written through SQLite after the pages (lead_bulk_written.go).
	overrides map[int64]*paceline.Lead
	vals      []any

	run    *importRun // after a spill, the import through SQLite that takes the rest
	opened bool       // a spill opened the file through SQLite again
}

// bulkWindow is how many of the latest leads a bulk import keeps unwritten, so that a
// row repeating a person a little earlier in the file is merged in memory: most files
// repeat people close together, when they do.
const bulkWindow = 2048

// bulkGCPercent is the garbage collector's setting (GOGC) during a bulk import.
const bulkGCPercent = 50

// bulkOrder is a lead's entry in the listing indexes.
type bulkOrder struct {
	id    int64
	score int32
	level uint8 // the seniority, by bulkSink.names
}

// bulkMember is a row of list_members.
type bulkMember struct{ list, lead int64 }

var (
	_ lead.Sink                = (*bulkSink)(nil)
	_ lead.Suppressor          = (*bulkSink)(nil)
	_ lead.MergeSettler        = (*bulkSink)(nil)
	_ lead.SuppressionRestorer = (*bulkSink)(nil)
	_ lead.Prefetcher          = (*bulkSink)(nil)
)

// startBulk prepares a bulk import when the store may take one: the lead tables, the
// lists and the suppression list empty, no lead ever deleted, and a schema the bulk
// writer knows. It returns nil, to import through SQLite, otherwise. The store's
// connections are closed when it returns a sink.
func (s *Store) startBulk(ctx context.Context) (*bulkSink, error) {
	var stored int
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM (SELECT 1 FROM leads LIMIT 1)) +
		(SELECT COUNT(*) FROM (SELECT 1 FROM lead_keys LIMIT 1)) +
		(SELECT COUNT(*) FROM (SELECT 1 FROM list_members LIMIT 1)) +
		(SELECT COUNT(*) FROM (SELECT 1 FROM lists LIMIT 1)) +
		(SELECT COUNT(*) FROM (SELECT 1 FROM suppressions LIMIT 1)) +
		(SELECT COUNT(*) FROM id_floors WHERE name = 'leads' AND last > 0)`).Scan(&stored)
	if err != nil {
		return nil, fmt.Errorf("begin import: %w", err)
	}
	if stored > 0 {
		return nil, nil
	}
	schema, why, err := readBulkSchema(ctx, s.db)
	if err != nil || why != "" {
		return nil, err
	}
	rules, kept, err := s.ICPRules(ctx)
	if err != nil {
		return nil, err
	}
	cols, err := bulkColumns(schema.columns)
	if err != nil {
		return nil, err
	}
	if err := s.db.Close(); err != nil {
		return nil, fmt.Errorf("close database %s: %w", s.path, err)
	}
	f, err := pagefile.Open(s.path)
	if err != nil {
		return nil, s.reopenAfter(ctx, fmt.Errorf("begin import: %w", err))
	}
	table, err := f.Table(schema.roots["leads"])
	if err != nil {
		f.Close()
		return nil, s.reopenAfter(ctx, fmt.Errorf("begin import: %w", err))
	}
	now := s.now()
	return &bulkSink{s: s, ctx: ctx, now: now, nowText: now.Format(timeLayout), schema: schema, cols: cols,
		rules: rules, rulesKept: kept, file: f, table: table, keys: newBulkKeys(),
		levels: map[paceline.Seniority]uint8{}, lists: map[string]int64{}}, nil
}

// reopenAfter opens the store's file again after err, which it returns. It opens it
// also when ctx is done (an interrupted import), so that the store can be closed.
func (s *Store) reopenAfter(ctx context.Context, err error) error {
	if oerr := s.open(context.WithoutCancel(ctx)); oerr != nil {
		if err == nil {
			return oerr
		}
		return errors.Join(err, oerr)
	}
	return err
}

// importAll runs fn with the bulk sink and writes what it leaves: the pages, or the
// transaction of the import it spilled into. The store is open again after it.
func (b *bulkSink) importAll(fn func(lead.Sink) error) (err error) {
	// The keys held take about half the heap, which the collector lets grow to twice
	// what is live: at half that, a million-row import peaks at 270 MB instead of 350
	// MB, for no more time (docs/leads.md). A lower setting of the user's stays.
	if prev := debug.SetGCPercent(bulkGCPercent); prev < bulkGCPercent {
		debug.SetGCPercent(prev)
	} else {
		defer debug.SetGCPercent(prev)
	}
	defer func() {
		if b.run != nil {
			b.run.close()
			return
		}
		if b.file != nil {
			b.file.Close()
			b.file = nil
		}
		if b.opened {
			return // a spill opened the file again, and failed after
		}
		err = b.s.reopenAfter(b.ctx, err)
		if err == nil {
			err = b.insertLists()
		}
	}()
	if err := fn(b); err != nil {
		return err
	}
	if b.run == nil && len(b.overrides) > 0 {
		// The changed leads go through SQLite once the pages are written.
		if err := b.spill(); err != nil {
			return err
		}
		b.s.bulkDone = "pages, then updates"
		return b.run.commit()
	}
	if b.run != nil {
		b.s.bulkDone = "spilled"
		return b.run.commit()
	}
	b.s.bulkDone = "pages"
	return b.writePages()
}

// insertLists writes the rows of the lists the leads joined.
func (b *bulkSink) insertLists() error {
	if len(b.listAt) == 0 {
		return nil
	}
	tx, err := b.s.db.BeginTx(b.ctx, nil)
	if err != nil {
		return fmt.Errorf("create lists: %w", err)
	}
	defer tx.Rollback()
	if err := insertListRows(b.ctx, tx, b.listAt, b.now); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create lists: %w", err)
	}
	return nil
}

// insertListRows creates the lists named, with ids from 1 in order.
func insertListRows(ctx context.Context, q interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, names []string, now time.Time) error {
	for i, name := range names {
		if _, err := q.ExecContext(ctx, `INSERT INTO lists (id, name, created_at) VALUES (?, ?, ?)`, i+1, name, now); err != nil {
			return fmt.Errorf("create list %q: %w", name, err)
		}
	}
	return nil
}

// spill writes the pages of what the bulk sink holds, opens the file through SQLite
// again and begins the import that takes the rest of the rows.
func (b *bulkSink) spill() error {
	if b.run != nil {
		return nil
	}
	if err := b.writePages(); err != nil {
		return err
	}
	if err := b.s.open(b.ctx); err != nil {
		return err
	}
	b.opened = true
	run, err := b.s.beginImport(b.ctx)
	if err != nil {
		return err
	}
	b.run = run
	if err := insertListRows(b.ctx, run.tx, b.listAt, b.now); err != nil {
		return err
	}
	for i, name := range b.listAt {
		run.sink.listIDs[name] = int64(i + 1)
	}
	return b.applyOverrides()
}

// Known has nothing to report: a bulk import begins with no lead stored (and the
// pipeline asks before it places any row).
func (b *bulkSink) Known(func(id int64, keys []lead.Key) error) error { return nil }

// Suppressed returns the empty suppression list a bulk import begins with.
func (b *bulkSink) Suppressed() (map[string]struct{}, error) {
	if b.run != nil {
		return b.run.sink.Suppressed()
	}
	return map[string]struct{}{}, nil
}

// SuppressedFor returns the suppression entries of the reason (lead.Suppressor).
func (b *bulkSink) SuppressedFor(prefix string) (map[string]string, error) {
	if b.run != nil {
		return b.run.sink.SuppressedFor(prefix)
	}
	return map[string]string{}, nil
}

// ICPRules returns the rules in force (api.RulesSink), read before the import began:
// no one else has the file open.
func (b *bulkSink) ICPRules() (score.Stored, bool, error) {
	if b.run != nil {
		return b.run.sink.ICPRules()
	}
	return b.rules, b.rulesKept, nil
}

// Prefetch has nothing to read ahead before a spill.
func (b *bulkSink) Prefetch(ids []int64) error {
	if b.run != nil {
		return b.run.sink.Prefetch(ids)
	}
	return nil
}

// Owners looks each key up exactly among the import's keys, as leadSink.Owners does
// in lead_keys.
func (b *bulkSink) Owners(keys []lead.Key) ([]int64, error) {
	if b.run != nil {
		return b.run.sink.Owners(keys)
	}
	var ids []int64
	for _, key := range keys {
		if id, ok := b.keys.find(key); ok {
			ids = append(ids, id)
			continue
		}
		for _, f := range key.OtherForms() {
			if id, ok := b.keys.find(f); ok {
				ids = append(ids, id)
				break
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// recentAt returns where lead id is among the leads not written yet, if it is.
func (b *bulkSink) recentAt(id int64) (int, bool) {
	i := sort.Search(len(b.recent), func(i int) bool { return b.recent[i].ID >= id })
	return i, i < len(b.recent) && b.recent[i].ID == id
}

// Load returns a copy of a lead: one of the latest from memory, one written already
// read back from its page (or its changed version).
func (b *bulkSink) Load(id int64) (*paceline.Lead, error) {
	if b.run == nil {
		if i, ok := b.recentAt(id); ok {
			return b.recent[i].Clone(), nil
		}
		if id <= b.written {
			if l, ok, err := b.loadWritten(id); ok || err != nil {
				return l, err
			}
		}
		if err := b.spill(); err != nil {
			return nil, err
		}
	}
	return b.run.sink.Load(id)
}

// Insert holds a new lead, writing the oldest held ones to the table.
func (b *bulkSink) Insert(l *paceline.Lead, keys []lead.Key) error {
	if b.run == nil && (l.ID <= b.written || len(b.recent) > 0 && l.ID <= b.recent[len(b.recent)-1].ID) {
		// Ids out of order: the table's pages are written in id order.
		if err := b.spill(); err != nil {
			return err
		}
	}
	if b.run != nil {
		return b.run.sink.Insert(l, keys)
	}
	l.CreatedAt, l.UpdatedAt = b.now, b.now
	c := *l
	if !b.keys.canHold(c.ID, keys) || c.Score != int(int32(c.Score)) {
		// Keys past what the table indexes, or a score past the listing entries'.
		return b.spillInsert(l, keys)
	}
	for _, key := range keys {
		b.keys.add(key, c.ID)
	}
	b.recent = append(b.recent, &c)
	for _, name := range c.Lists {
		b.members = append(b.members, bulkMember{b.listID(name), c.ID})
	}
	if len(b.recent) >= 2*bulkWindow {
		return b.writeRecent(bulkWindow)
	}
	return nil
}

// spillInsert spills the import and inserts the lead through SQLite: a lead whose
// keys the bulk import cannot hold.
func (b *bulkSink) spillInsert(l *paceline.Lead, keys []lead.Key) error {
	if err := b.spill(); err != nil {
		return err
	}
	return b.run.sink.Insert(l, keys)
}

// listID returns the id the named list gets, numbering a new one.
func (b *bulkSink) listID(name string) int64 {
	lid, ok := b.lists[name]
	if !ok {
		b.listAt = append(b.listAt, name)
		lid = int64(len(b.listAt))
		b.lists[name] = lid
	}
	return lid
}

// Update rewrites a lead: one of the latest in memory, one written already by keeping
// its new version for later (updateWritten).
func (b *bulkSink) Update(l *paceline.Lead, keys []lead.Key) error {
	if b.run == nil {
		i, ok := b.recentAt(l.ID)
		if !ok {
			if l.ID <= b.written {
				if done, err := b.updateWritten(l, keys); done || err != nil {
					return err
				}
			}
			if err := b.spill(); err != nil {
				return err
			}
			return b.run.sink.Update(l, keys)
		}
		if !b.keys.canHold(l.ID, keys) || l.Score != int(int32(l.Score)) {
			if err := b.spill(); err != nil {
				return err
			}
			return b.run.sink.Update(l, keys)
		}
		for _, key := range keys {
			b.keys.add(key, l.ID)
		}
		l.UpdatedAt = b.now
		old := b.recent[i]
		c := *l
		b.recent[i] = &c
		for _, name := range c.Lists {
			if !slices.Contains(old.Lists, name) {
				b.late = append(b.late, bulkMember{b.listID(name), c.ID})
			}
		}
		return nil
	}
	return b.run.sink.Update(l, keys)
}

// Fold spills the import: merging two leads rewrites what may be written already.
func (b *bulkSink) Fold(into, from int64) error {
	if err := b.spill(); err != nil {
		return err
	}
	return b.run.sink.Fold(into, from)
}

// OptOut spills the import: an opt-out marks leads that may be written already.
func (b *bulkSink) OptOut(keys []lead.Key, at time.Time, reason string) ([]lead.Key, error) {
	if err := b.spill(); err != nil {
		return nil, err
	}
	return b.run.sink.OptOut(keys, at, reason)
}

// RestoreSuppressions spills the import: the suppression list is written through
// SQLite.
func (b *bulkSink) RestoreSuppressions(entries []lead.Suppression) (int, error) {
	if err := b.spill(); err != nil {
		return 0, err
	}
	return b.run.sink.RestoreSuppressions(entries)
}

// SettleMerges has nothing to settle before a spill: a bulk import merges no leads.
func (b *bulkSink) SettleMerges() (int, error) {
	if b.run != nil {
		return b.run.sink.SettleMerges()
	}
	return 0, nil
}
