package lead

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"hash/maphash"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/paceline/paceline"
)

// Sink is the store an import writes into. A store hands one out inside a single
// transaction and commits it only when Import returns nil, so a fatal error or a
// cancelled context leaves the database as it was. The sink may buffer inserts; its
// lookups must see what it buffered. Import calls it from one goroutine only.
type Sink interface {
	// Known calls fn once per stored lead with all its keys, to seed the dedupe index,
	// and may call it once more with no keys: the highest id the store ever deleted,
	// which new leads are numbered after so that no id is given twice.
	Known(fn func(id int64, keys []Key) error) error
	// Suppressed returns the set of key hashes (Key.Hash) on the suppression list.
	Suppressed() (map[string]struct{}, error)
	// Owners returns, lowest first and without repeats, the ids of the stored leads
	// that hold any of the keys, compared exactly.
	Owners(keys []Key) ([]int64, error)
	// Load returns a copy of a stored lead, with its lists.
	Load(id int64) (*paceline.Lead, error)
	// Insert stores a new lead under l.ID with its keys and its lists.
	Insert(l *paceline.Lead, keys []Key) error
	// Update rewrites a stored lead, adds the keys it does not hold yet and the lists
	// it joined. A Suppressor puts the keys of a lead this import opted out (OptOut,
	// Fold) on the suppression list too: an opted-out lead gains no contactable key.
	Update(l *paceline.Lead, keys []Key) error
	// Fold moves the keys and list memberships of lead from onto lead into, then
	// deletes lead from: the two were one person. A person who opted out stays opted
	// out: when either lead had, into is opted out at the earlier of their times and
	// a Suppressor puts the hashes of all the keys it holds on the suppression list.
	Fold(into, from int64) error
}

// Suppressor is a Sink that can put people on the suppression list inside the
// import's transaction. A row that says the person opted out (an opted_out_at, as
// paceline's export writes one) is not imported but passed to OptOut, so that moving
// leads to another database by an export keeps them from being contacted; a sink
// without the method only skips such rows.
type Suppressor interface {
	// OptOut puts the hashes of keys on the suppression list with the reason
	// (paceline.ReasonOptOut when empty; a hash already there keeps its own), and
	// marks the stored leads (those this import inserted included) that hold any of
	// the keys opted out at at, with the hashes of all their keys, as paceline leads
	// optout does. A lead that opted out earlier keeps its time; at is the import's
	// time when zero. It returns the keys of the leads it marked, which the rest of
	// the file may hold without any of keys: the import bars them as it bars keys.
	OptOut(keys []Key, at time.Time, reason string) (held []Key, err error)
	// SuppressedFor returns the hashes on the suppression list whose reason starts
	// with prefix, with their reasons: the entries a suppressed row spread
	// (spread_reason.go), which a row of another LinkedIn profile is told apart from.
	SuppressedFor(prefix string) (map[string]string, error)
}

// Prefetcher is a Sink that reads ahead. Before the pipeline places a batch of rows,
// it names the stored leads the index says the rows may belong to (lowest first,
// without repeats), so that the sink can read those leads and their keys in a few statements
// instead of a few for every row, which is most of the time of a re-import. What the
// sink returns afterwards must be what it would have returned without the call.
type Prefetcher interface {
	Prefetch(ids []int64) error
}

// ImportOptions steer Import.
type ImportOptions struct {
	// List, when set, is the list every imported or matched lead joins, on top of the
	// lists the row names (the lists column of paceline's export).
	List string
	// ScoreFunc sets a lead's Score and Explanation (score.Rules.Apply); nil leaves
	// leads unscored. It is called from two goroutines at once, so it must only read
	// shared state.
	ScoreFunc func(*paceline.Lead)
	// MaxErrors bounds how many rejected rows the report lists (default 1000), and
	// how many dropped values; all of them are counted.
	MaxErrors int
	// Stored, when set, counts the leads inserted or rewritten so far, for a caller
	// showing the progress of a running import (the API's import status).
	Stored *atomic.Int64
}

// DefaultMaxErrors is how many rejected rows an import report lists by default.
const DefaultMaxErrors = 1000

// ImportReport says what an import did. Rows is every record after the header;
// each one is imported (a new lead), a duplicate (a person already known, in the
// store or earlier in the file), suppressed (opted out or erased), rejected, or an
// entry of the suppression list paceline's export carries (Suppressions), so
// Imported is the number of leads there are now that were not before: a lead a row
// made and a later row folded into an earlier one counts as that row's duplicate.
// Updated counts the leads stored before the import that the import changed: a field
// (net of changes back), a key it added, a stored lead folded into it.
type ImportReport struct {
	Preset     string `json:"preset"`
	Rows       int    `json:"rows"`
	Imported   int    `json:"imported"`
	Updated    int    `json:"updated"`
	Duplicates int    `json:"duplicates"`
	Suppressed int    `json:"suppressed"`
	OptedOut   int    `json:"opted_out"` // of suppressed, rows saying the person opted out (paceline's export): their keys were put on the suppression list
	Rejected   int    `json:"rejected"`
	Merged     int    `json:"merged"` // leads stored before the import folded into another: one person seen as two
	// EnrollmentsStopped counts the running enrollments the merges stopped: a person
	// merged from leads that each ran in a campaign keeps one (MergeSettler).
	EnrollmentsStopped int `json:"enrollments_stopped,omitempty"`
	// Suppressions counts the rows that are entries of the suppression list the file
	// carries (paceline's export), and SuppressionsAdded those of them the list did
	// not hold yet, now on it.
	Suppressions      int `json:"suppressions"`
	SuppressionsAdded int `json:"suppressions_added"`
	// AlsoOnLists counts, per other list, the stored leads this import put on its
	// list (ImportOptions.List) that were on that other list already: a file meant for
	// one client's list imported into another's (list_overlap.go). Most leads first.
	AlsoOnLists []ListOverlap `json:"also_on_lists,omitempty"`
	// GuessedColumns lists the columns the header did not name as identities but the
	// values of the first records showed to be (Reader.Guessed).
	GuessedColumns []GuessedColumn `json:"guessed_columns,omitempty"`
	// CustomColumns lists the file's columns kept as custom fields, each with the
	// field's name, which templates insert as {{name}}; in the header's order.
	CustomColumns []CustomColumn `json:"custom_columns,omitempty"`
	// Warnings counts the rows with a value left out of the lead, each listed in
	// WarningLines with why: a bad email, URL or head count beside good data, a
	// vendor's placeholder address, a list name the store cannot keep, an email that
	// is another LinkedIn profile's lead's and stays with it.
	Warnings      int        `json:"warnings"`
	Errors        []RowError `json:"errors"`
	ErrorsOmitted int        `json:"errors_omitted,omitempty"` // rejected rows beyond MaxErrors
	// WarningLines lists the values dropped from accepted rows, in file order, up to
	// MaxErrors; a row can lose more than one. WarningsOmitted counts the rest.
	WarningLines    []RowWarning `json:"warning_lines"`
	WarningsOmitted int          `json:"warnings_omitted,omitempty"`
	Seconds         float64      `json:"seconds"` // set by the caller, who owns the clock
}

// CustomColumn is a column of the file kept as a custom field, and the field's name.
type CustomColumn struct {
	Column string `json:"column"`
	Field  string `json:"field"`
}

// customColumns lists the columns kept as custom fields, once each field.
func customColumns(cols []Column) []CustomColumn {
	var out []CustomColumn
	seen := map[string]bool{}
	for _, c := range cols {
		if c.Field == FieldCustom && c.Custom != "" && !seen[c.Custom] {
			seen[c.Custom] = true
			out = append(out, CustomColumn{Column: c.Header, Field: c.Custom})
		}
	}
	return out
}

// importItem is one record on its way from the reading goroutine to the writing one.
type importItem struct {
	line       int
	lead       paceline.Lead
	keys       []Key
	err        *RowError
	warnings   []RowWarning // nil for most rows
	optedAt    time.Time    // when, if the row says
	sum        uint64       // rowSum of a good row
	emailCol   uint16       // Row.emailCol; 0 for a column past the 65,535th
	suppressed bool
	optedOut   bool // the row says the person opted out: its keys go on the suppression list
	// spread is set on a suppressed row holding a key the suppression list does not
	// have yet: the row ties that key to a suppressed person (spread.go).
	spread bool
	// restore is an entry of the suppression list the file carries (paceline's
	// export), to put back on the list.
	restore *Suppression
	// score is set on a row whose lead scoreRows is to score and sum.
	score bool
}

// importBatch carries records in bulk, so the channel costs little per row; err ends
// the stream with a fatal error.
type importBatch struct {
	items []importItem
	err   error
}

const importBatchSize = 512

// Import streams rd into sink: each row is normalised (by the Reader), checked
// against the suppression list by the hash of each key, scored and matched to a lead
// through an Index seeded with the stored keys and confirmed exactly by the sink; new
// people are inserted, known ones filled in (Lead.Fill: never blanked). Reading and
// scoring run on one goroutine while matching and writing run on the caller's, so
// an import uses two cores.
//
// A rejected row is reported and skipped; any other error (the file cannot be read
// on, a record over the size bound, the sink failing, ctx cancelled) stops the import
// and is returned, and the caller must then roll the sink back.
func Import(ctx context.Context, rd *Reader, sink Sink, opt ImportOptions) (*ImportReport, error) {
	if opt.MaxErrors <= 0 {
		opt.MaxErrors = DefaultMaxErrors
	}
	suppressed, err := sink.Suppressed()
	if err != nil {
		return nil, fmt.Errorf("read suppression list: %w", err)
	}
	var spread map[string]string
	if s, ok := sink.(Suppressor); ok {
		if spread, err = s.SuppressedFor(spreadPrefix); err != nil {
			return nil, fmt.Errorf("read suppression list: %w", err)
		}
	}
	p := &pipeline{sink: sink, opt: opt, columns: rd.Columns(), index: NewIndex(), updated: map[int64]struct{}{},
		original: map[int64]uint64{}, grown: map[int64]struct{}{}, seed: maphash.MakeSeed(),
		rep: &ImportReport{Preset: rd.Preset(), Errors: []RowError{}, WarningLines: []RowWarning{}}}
	for _, c := range rd.Guessed() {
		p.rep.GuessedColumns = append(p.rep.GuessedColumns, GuessedColumn{Column: c.Header, Field: c.Field.String()})
	}
	p.rep.CustomColumns = customColumns(rd.Columns())
	if opt.List != "" {
		p.lists = []string{opt.List}
	}
	err = sink.Known(func(id int64, keys []Key) error {
		p.index.Add(id, keys...)
		p.stored = max(p.stored, id)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read stored lead keys: %w", err)
	}
	p.maxID = p.stored
	p.fresh.base = p.stored

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Three stages on three goroutines: reading and normalising, scoring, and placing
	// the rows (this one). On two cores, scoring goes where the other two leave room.
	batches, scored := make(chan importBatch, 4), make(chan importBatch, 4)
	done, scoredDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		defer close(batches)
		readRows(ctx, rd, suppressed, spread, batches)
	}()
	go func() {
		defer close(scoredDone)
		defer close(scored)
		scoreRows(ctx, batches, opt.ScoreFunc, p.seed, scored)
	}()
	err = p.consume(ctx, scored)
	cancel()
	<-scoredDone
	<-done // the reader must be finished with rd before the caller closes the file
	if err != nil {
		return nil, err
	}
	p.rep.Updated = len(p.updated)
	p.rep.AlsoOnLists = p.overlaps.sorted()
	if ms, ok := sink.(MergeSettler); ok {
		n, err := ms.SettleMerges()
		if err != nil {
			return nil, fmt.Errorf("stop the extra enrollments of merged leads: %w", err)
		}
		p.rep.EnrollmentsStopped = n
	}
	return p.rep, nil
}

// MergeSettler is a Sink that, once every row is written, leaves each person the
// import merged with one running enrollment and stops the others, in the import's
// transaction (the stores). Import calls SettleMerges last and reports how many it
// stopped; a store settles anything left when Import was not the caller.
type MergeSettler interface {
	SettleMerges() (stopped int, err error)
}

// readRows reads, checks, scores and sums rows (rowSum) and sends them on in batches
// until the file ends, a fatal error occurs or ctx is cancelled. The keys of a row
// that says the person opted out suppress the later rows that hold one of them, as
// the suppression list will once the import is committed, and so do the hashes of
// the entries of the suppression list the file carries; they are kept apart from
// suppressed, which the sink may own. (The other keys of the leads an opt-out marks,
// which only the writing side learns, bar the later rows there: spread.go.) A
// suppressed row with a key in neither set is marked spread: the writing side
// suppresses that key too (spread.go). A row suppressed only by an email spread from
// another LinkedIn profile (spread, hash -> reason, which the reader owns and adds
// the file's own such entries to) is imported without the email (spread_reason.go).
func readRows(ctx context.Context, rd *Reader, suppressed map[string]struct{}, spread map[string]string, out chan<- importBatch) {
	send := func(b importBatch) bool {
		select {
		case out <- b:
			return true
		case <-ctx.Done():
			return false
		}
	}
	items := make([]importItem, 0, importBatchSize)
	var row Row
	var optedOut map[string]struct{}
	for {
		err := rd.Read(&row)
		if err == io.EOF {
			break
		}
		if err != nil {
			send(importBatch{items: items, err: err})
			return
		}
		it := importItem{line: row.Line, err: row.Err}
		if row.emailCol <= math.MaxUint16 {
			it.emailCol = uint16(row.emailCol)
		}
		if len(row.Warnings) > 0 {
			it.warnings = slices.Clone(row.Warnings)
		}
		if row.Err == nil && row.Suppression != nil {
			// An entry of the file's suppression list suppresses the rows after it,
			// as it will once it is back on the list.
			it.restore = row.Suppression
			if optedOut == nil {
				optedOut = map[string]struct{}{}
			}
			optedOut[row.Suppression.KeyHash] = struct{}{}
			if strings.HasPrefix(row.Suppression.Reason, spreadPrefix) {
				if spread == nil {
					spread = map[string]string{}
				}
				spread[row.Suppression.KeyHash] = row.Suppression.Reason
			}
		} else if row.Err == nil {
			it.keys = slices.Clone(row.Keys)
			it.suppressed = row.OptedOut || isSuppressed(suppressed, it.keys) || isSuppressed(optedOut, it.keys)
			dropped := "" // the address spread from another profile, left out
			if it.suppressed && !row.OptedOut {
				if i := spreadApart(it.keys, spread, suppressed, optedOut); i >= 0 {
					dropped = it.keys[i].Value
					it.keys = slices.Delete(it.keys, i, i+1)
					col := row.emailCol // the lead's own address's column, else unnamed
					if dropped != row.Lead.Email {
						col = 0
					}
					it.warnings = append(it.warnings, spreadWarning(row.Line, emailColumn(rd.Columns(), col), dropped, linkedInOfKeys(it.keys)))
					it.suppressed = false
				} else {
					it.spread = !allSuppressed(it.keys, suppressed, optedOut)
				}
			}
			if row.OptedOut {
				it.optedOut, it.optedAt = true, row.OptedOutAt
				if optedOut == nil {
					optedOut = map[string]struct{}{}
				}
				for _, k := range it.keys {
					optedOut[k.Hash()] = struct{}{}
				}
			}
			if !it.suppressed {
				it.lead = row.Lead
				if dropped != "" && it.lead.Email == dropped {
					// The row's other address, if it has one, is the lead's now.
					it.lead.Email = ""
					for _, k := range it.keys {
						if k.Type == KeyEmail {
							it.lead.Email = k.Value
							break
						}
					}
				}
				it.score = true
			}
		}
		items = append(items, it)
		if len(items) == importBatchSize {
			if !send(importBatch{items: items}) {
				return
			}
			items = make([]importItem, 0, importBatchSize)
		}
	}
	if len(items) > 0 {
		send(importBatch{items: items})
	}
}

// scoreRows scores the leads of the rows that readRows marked, sums them (rowSum)
// and passes each batch on, until in is closed or ctx is done.
func scoreRows(ctx context.Context, in <-chan importBatch, scoreFunc func(*paceline.Lead), seed maphash.Seed, out chan<- importBatch) {
	for b := range in {
		for i := range b.items {
			it := &b.items[i]
			if !it.score {
				continue
			}
			if scoreFunc != nil {
				scoreFunc(&it.lead)
			}
			it.sum = rowSum(seed, &it.lead, it.keys)
		}
		select {
		case out <- b:
		case <-ctx.Done():
			return
		}
	}
}

// allSuppressed reports whether every key is in one of the sets.
func allSuppressed(keys []Key, a, b map[string]struct{}) bool {
	for _, k := range keys {
		if !k.listedIn(a) && !k.listedIn(b) {
			return false
		}
	}
	return true
}

func isSuppressed(set map[string]struct{}, keys []Key) bool {
	if len(set) == 0 {
		return false // the common case: skip hashing altogether
	}
	for _, k := range keys {
		if k.listedIn(set) {
			return true
		}
	}
	return false
}

// pipeline is the writing side of an import.
type pipeline struct {
	sink    Sink
	opt     ImportOptions
	columns []Column // the file's, to name a column in a warning
	index   *Index
	lists   []string
	stored  int64 // the highest id stored before the import
	maxID   int64 // the highest id handed out so far
	rep     *ImportReport

	// updated holds the stored leads the import changed; original, the fingerprint
	// each one had before the import touched it, so that a file that changes a lead
	// and changes it back does not count it; grown, those that took a key or another
	// lead, which no later row takes back.
	updated  map[int64]struct{}
	original map[int64]uint64
	grown    map[int64]struct{}

	// barred holds the keys this import put on the suppression list because a
	// suppressed row tied them to its person (spread.go) or because the lead holding
	// them opted out, with that person's LinkedIn identity: a later row holding one is
	// suppressed too, unless only by an email and of another profile
	// (spread_reason.go).
	barred map[Key]linkedIn

	// fresh holds the row sums of the leads this import inserted and left as they
	// were (repeat.go); seed is rowSum's.
	fresh freshSums
	seed  maphash.Seed

	// overlaps counts the stored leads that joined the import's list from other
	// lists (list_overlap.go).
	overlaps listOverlaps

	// oneKey is holdsAll's argument to Owners, kept to spare an allocation a key.
	oneKey [1]Key
}

func (p *pipeline) consume(ctx context.Context, batches <-chan importBatch) error {
	pf, _ := p.sink.(Prefetcher)
	if p.stored == 0 {
		pf = nil // nothing stored before the import: nothing to read ahead
	}
	var ahead []int64
	for b := range batches {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := p.restore(b.items); err != nil {
			return err
		}
		if pf != nil {
			if ahead = p.candidates(b.items, ahead[:0]); len(ahead) > 0 {
				if err := pf.Prefetch(ahead); err != nil {
					return err
				}
			}
		}
		for i := range b.items {
			if err := p.place(&b.items[i]); err != nil {
				return err
			}
		}
		if b.err != nil {
			return b.err
		}
	}
	return ctx.Err()
}

// candidates appends to ids the leads stored before the import that the index knows
// under a key of a good row of the batch, lowest first and without repeats: the stored
// leads place may read. (The leads this import inserted are matched by their row sums
// or from the sink's buffer, and are not read ahead.)
// Index.Lookup changes no match, so the rows are placed as they would be without it.
func (p *pipeline) candidates(items []importItem, ids []int64) []int64 {
	for i := range items {
		it := &items[i]
		if it.err != nil || it.suppressed {
			continue
		}
		for _, k := range it.keys {
			if k.Value == "" {
				continue
			}
			if id, ok := p.index.Lookup(k); ok && id <= p.stored {
				ids = append(ids, id)
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// place counts one record and, for a good one, stores it as a new lead or merges it
// into the lead it belongs to.
func (p *pipeline) place(it *importItem) error {
	r := p.rep
	r.Rows++
	switch {
	case it.err != nil:
		r.Rejected++
		if len(r.Errors) < p.opt.MaxErrors {
			r.Errors = append(r.Errors, *it.err)
		} else {
			r.ErrorsOmitted++
		}
		return nil
	case it.restore != nil:
		r.Suppressions++
		return nil
	case it.suppressed:
		return p.suppress(it)
	case len(p.barred) > 0 && p.isBarred(it.keys) && !p.leaveBarredEmail(it):
		it.spread = true
		return p.suppress(it)
	}
	l := &it.lead
	m, ok := p.index.matchApart(it.keys)
	if !ok {
		// The email is known under another lead than the row's LinkedIn keys: it may
		// be another person's (identity.go).
		if _, err := p.keepEmailApart(it); err != nil {
			return err
		}
		m = p.index.Match(it.keys)
	}
	p.warn(it)
	if m.New {
		// No key is known even by hash, so the person is certainly new.
		return p.insert(l, it.keys, m.ID, it.sum)
	}
	if p.repeats(it, m) {
		r.Duplicates++
		return nil
	}
	// The leads this row touches may change: a later copy of their rows must be
	// compared with them in full.
	p.fresh.forget(m.ID)
	for _, id := range m.Merged {
		p.fresh.forget(id)
	}
	owners, err := p.sink.Owners(it.keys)
	if err != nil {
		return fmt.Errorf("import line %d: %w", it.line, err)
	}
	if len(owners) == 0 {
		// The index matched by a hash collision only: a new person after all. Reserve
		// an id the index will not hand out again.
		id := p.maxID + 1
		p.index.Add(id)
		return p.insert(l, it.keys, id, it.sum)
	}
	for _, id := range owners {
		p.fresh.forget(id)
	}
	r.Duplicates++
	cur, err := p.sink.Load(owners[0])
	if err != nil {
		return fmt.Errorf("import line %d: %w", it.line, err)
	}
	before := cur.Clone()
	for _, other := range owners[1:] {
		o, err := p.sink.Load(other)
		if err != nil {
			return fmt.Errorf("import line %d: %w", it.line, err)
		}
		cur.Fill(o)
		preferVanity(cur, o, it.keys)
		if err := p.sink.Fold(cur.ID, other); err != nil {
			return fmt.Errorf("import line %d: %w", it.line, err)
		}
		if other <= p.stored {
			r.Merged++
		} else {
			// A lead this import inserted was a person already known: the row that
			// made it was a duplicate after all.
			r.Imported--
			r.Duplicates++
		}
		delete(p.updated, other)
		delete(p.grown, other)
	}
	if cur.ID <= p.stored {
		p.overlaps.note(cur.Lists, p.opt.List)
	}
	l.Lists = p.joined(l.Lists)
	if emailOnlyStranger(l, it.keys, cur) {
		p.warnMore(it, p.strangerWarning(it, cur))
		l = blanksOnly(cur, l)
	}
	cur.Fill(l)
	preferVanity(cur, l, it.keys)
	if w, ok := p.otherVanity(it, cur); ok {
		p.warnMore(it, w)
	}
	if p.opt.ScoreFunc != nil {
		p.opt.ScoreFunc(cur)
	}
	if len(owners) == 1 && sameLead(before, cur) {
		held, err := p.holdsAll(cur, it.keys)
		if err != nil {
			return fmt.Errorf("import line %d: %w", it.line, err)
		}
		if held {
			return nil // nothing new in this row: nothing to write
		}
	}
	if cur.ID <= p.stored {
		p.noteUpdate(before, cur, m.Grew || len(owners) > 1)
	}
	if err := p.sink.Update(cur, it.keys); err != nil {
		return fmt.Errorf("import line %d: %w", it.line, err)
	}
	p.progress()
	return nil
}

// progress counts a lead written, for ImportOptions.Stored.
func (p *pipeline) progress() {
	if p.opt.Stored != nil {
		p.opt.Stored.Add(1)
	}
}

// warn counts an accepted row that lost a value and lists what it lost.
func (p *pipeline) warn(it *importItem) {
	if len(it.warnings) == 0 {
		return
	}
	r := p.rep
	r.Warnings++ // rows, as documented: a row with a bad email and a bad size is one
	n := min(len(it.warnings), max(0, p.opt.MaxErrors-len(r.WarningLines)))
	r.WarningLines = append(r.WarningLines, it.warnings[:n]...)
	r.WarningsOmitted += len(it.warnings) - n
}

func (p *pipeline) insert(l *paceline.Lead, keys []Key, id int64, sum uint64) error {
	l.ID = id
	l.Lists = p.joined(l.Lists)
	p.maxID = max(p.maxID, id)
	p.fresh.set(id, sum)
	p.rep.Imported++
	p.progress()
	return p.sink.Insert(l, keys)
}

// joined returns the lists a row's lead joins: those the row names and the import's.
func (p *pipeline) joined(row []string) []string {
	if len(row) == 0 {
		return p.lists
	}
	for _, name := range p.lists {
		if !slices.Contains(row, name) {
			row = append(row, name)
		}
	}
	return row
}

// repeats reports whether a row the index matched to lead m.ID would change nothing
// in it, and may skip the store: the lead was inserted by this import from a row with
// the same sum (the same fields, score and keys) and has not changed since, and the
// match merged no leads. The full path would find the same: the row's keys are those
// the lead was inserted with (a second email, a member id beside the vanity slug
// included), Fill adds nothing, the score (a function of the fields) is the same, and
// sameLead and holdsAll hold.
func (p *pipeline) repeats(it *importItem, m Match) bool {
	return len(m.Merged) == 0 && it.sum != 0 && p.fresh.get(m.ID) == it.sum
}

// holdsAll reports whether lead cur, the one lead holding any of the row's keys
// (Owners), holds every one of them already, so that a row changing none of its fields
// has nothing to write. A key of one of its fields (ProfileKey, SalesKey, Email) it
// holds; any other (a row's second email, a member-id /in/ key beside the vanity slug)
// is looked up exactly, and found it is cur's, the only owner. A Prefetcher answers
// that from what it read ahead, so a re-import of such rows writes nothing and reads
// no more.
func (p *pipeline) holdsAll(cur *paceline.Lead, keys []Key) (bool, error) {
	for _, k := range keys {
		switch {
		case k.Value == "",
			k.Type == KeyProfile && k.Value == cur.ProfileKey,
			k.Type == KeySales && k.Value == cur.SalesKey,
			k.Type == KeyEmail && k.Value == cur.Email:
			continue
		}
		p.oneKey[0] = k
		ids, err := p.sink.Owners(p.oneKey[:])
		if err != nil {
			return false, err
		}
		if len(ids) == 0 {
			return false, nil
		}
	}
	return true, nil
}

// preferVanity makes src's vanity slug the ProfileKey of lead l when l's is an opaque
// member id (ACwAA..., ACoAA...) and the row of keys gives both, that member id and
// that vanity slug: Fill keeps a ProfileKey l has, but a lead first stored from its
// member-id URL is better named by the vanity slug a later row of both URLs brings
// (itself, or through a lead folded into l), as the Reader names a row giving both.
// A vanity slug that reached l through an email only (a row of the slug and an address
// of l's, or a lead such a row folds into l) names l nobody: an address may be shared.
// The member id stays one of the lead's keys: Update adds keys and takes none away.
func preferVanity(l, src *paceline.Lead, keys []Key) {
	if !isMemberID(l.ProfileKey) || src.ProfileKey == "" || isMemberID(src.ProfileKey) {
		return
	}
	member, vanity := false, false
	for _, k := range keys {
		switch {
		case k.Value == l.ProfileKey && (k.Type == KeyProfile || k.Type == KeySales):
			member = true
		case k.Type == KeyProfile && k.Value == src.ProfileKey:
			vanity = true
		}
	}
	if member && vanity {
		l.ProfileKey = src.ProfileKey
	}
}

// otherVanity returns the warning of a row whose vanity slug is another than the one
// lead cur, which the row joins (by a member id or Sales Navigator id both hold), is
// known by: two vanity slugs are two people's by twoPeople's rule, or one person's who
// renamed their URL. The row still joins cur and cur keeps its ProfileKey; the user
// is told, so that two people a shared member id joins do not go unnoticed.
func (p *pipeline) otherVanity(it *importItem, cur *paceline.Lead) (RowWarning, bool) {
	if cur.ProfileKey == "" || isMemberID(cur.ProfileKey) {
		return RowWarning{}, false
	}
	for _, k := range it.keys {
		if k.Type != KeyProfile || k.Value == "" || isMemberID(k.Value) || k.Value == cur.ProfileKey {
			continue
		}
		return RowWarning{Line: it.line, Field: p.profileColumn(), Value: k.String(),
			Reason: fmt.Sprintf("the row's LinkedIn profile %s is another than lead %d's (%s), which the row joined by the LinkedIn id both have; lead %d keeps %s: if they are two people, give one of them a row of its own without the shared id",
				k, cur.ID, Key{KeyProfile, cur.ProfileKey}, cur.ID, Key{KeyProfile, cur.ProfileKey})}, true
	}
	return RowWarning{}, false
}

// sameLead compares what an import can change, ignoring the timestamps and the
// explanation sentences, which follow from the rule names (a store may drop them).
func sameLead(a, b *paceline.Lead) bool {
	x, y := *a, *b
	x.CreatedAt, x.UpdatedAt = y.CreatedAt, y.UpdatedAt
	if len(x.Explanation) != len(y.Explanation) {
		return false
	}
	for i := range x.Explanation {
		if x.Explanation[i].Rule != y.Explanation[i].Rule || x.Explanation[i].Points != y.Explanation[i].Points {
			return false
		}
	}
	x.Explanation, y.Explanation = nil, nil
	if len(x.Custom) == 0 && len(y.Custom) == 0 {
		x.Custom, y.Custom = nil, nil
	}
	if len(x.Lists) == 0 && len(y.Lists) == 0 {
		x.Lists, y.Lists = nil, nil
	}
	return reflect.DeepEqual(x, y)
}

// noteUpdate records that a lead stored before the import went from before to cur;
// grew, that it took a key it did not hold or absorbed another lead, which counts it
// updated for good.
func (p *pipeline) noteUpdate(before, cur *paceline.Lead, grew bool) {
	if grew {
		p.grown[cur.ID] = struct{}{}
	}
	if _, ok := p.grown[cur.ID]; ok {
		p.updated[cur.ID] = struct{}{}
		return
	}
	orig, ok := p.original[cur.ID]
	if !ok {
		orig = fingerprint(before)
		p.original[cur.ID] = orig
	}
	if fingerprint(cur) != orig {
		p.updated[cur.ID] = struct{}{}
	} else {
		delete(p.updated, cur.ID)
	}
}

// fingerprint hashes what an import can change in a lead: 8 bytes per lead let a
// re-import of a million known leads tell changed from unchanged in little memory.
func fingerprint(l *paceline.Lead) uint64 {
	c := l.Clone()
	c.CreatedAt, c.UpdatedAt = time.Time{}, time.Time{}
	if len(c.Custom) == 0 {
		c.Custom = nil
	}
	if len(c.Explanation) == 0 {
		c.Explanation = nil
	}
	for i := range c.Explanation {
		c.Explanation[i].Why = ""
	}
	if len(c.Lists) == 0 {
		c.Lists = nil
	}
	b, _ := json.Marshal(c) // a Lead always encodes
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

// profileColumn names, in a warning about a row's LinkedIn profile, the column it came
// from: the file's one LinkedIn URL column, or the field's name when the file has
// several (a Sales Navigator export's profileUrl and linkedInProfileUrl), as the Reader
// does not keep which of them gave a key.
func (p *pipeline) profileColumn() string {
	name := ""
	for _, c := range p.columns {
		if c.Field != FieldProfileURL {
			continue
		}
		if name != "" {
			return FieldProfileURL.String()
		}
		name = c.Header
	}
	if name == "" {
		return FieldProfileURL.String()
	}
	return name
}
