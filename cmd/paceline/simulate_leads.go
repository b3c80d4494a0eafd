package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/score"
)

// readLeads reads the --leads-file of simulate and forecast the way paceline leads
// import reads a file into an empty database: rows of the same person (URL variants,
// an /in/ URL and a Sales Navigator URL on one row, the same email) become one lead,
// and every lead is scored with the built-in ICP rules, since the simulated LinkedIn
// accepts and answers by fit. Reading the rows one by one enrolled a person listed
// twice as two leads (the engine refused the second, so finished, stopped and
// unfinished no longer added up to leads) and simulated every real lead as a score 0,
// the worst fit. Rejected and merged rows are reported on stderr.
func (a *app) readLeads(path string) ([]*paceline.Lead, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, paceline.FieldErrorf("leads-file", "cannot open %s: %v", path, errors.Unwrap(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	if info.IsDir() {
		return nil, paceline.FieldErrorf("leads-file", "%s is a directory; give the CSV file of leads", path)
	}
	rd, err := lead.NewReader(f, lead.Options{NoIdentityHint: "rename one column to profileUrl, URL or email in the file (simulate reads the columns leads import reads, and has no --map)"})
	if err != nil {
		return nil, leadsFileError(path, err)
	}
	sink := newMemSink()
	rep, err := lead.Import(context.Background(), rd, sink, lead.ImportOptions{ScoreFunc: score.Default().Apply, MaxErrors: 5})
	if err != nil {
		return nil, leadsFileError(path, err)
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(a.stderr, "paceline: %s line %d skipped: %s\n", path, e.Line, e.Reason)
	}
	if rep.Rejected > len(rep.Errors) {
		fmt.Fprintf(a.stderr, "paceline: %s: %s skipped in all\n", path, plural.Count(rep.Rejected, "row"))
	}
	if rep.Duplicates > 0 {
		fmt.Fprintf(a.stderr, "paceline: %s: %s named a person already in the file and %s merged into that lead\n", path,
			plural.Count(rep.Duplicates, "row"), plural.Verb(rep.Duplicates, "was", "were"))
	}
	if len(sink.leads) == 0 {
		return nil, paceline.FieldErrorf("leads-file", "%s holds no usable lead", path)
	}
	return sink.inOrder(), nil
}

// leadsFileError says which file a reading error is about; an error a person can act
// on stays one (exit 1), anything else stays internal.
func leadsFileError(path string, err error) error {
	if paceline.ErrorCode(err) == paceline.EINTERNAL {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return paceline.FieldErrorf("leads-file", "%s: %s", path, paceline.ErrorMessage(err))
}

// memSink is a lead.Sink in memory: the leads of one file, for a simulation that
// stores nothing.
type memSink struct {
	leads map[int64]*paceline.Lead
	keys  map[lead.Key]int64
}

var _ lead.Sink = (*memSink)(nil)

func newMemSink() *memSink {
	return &memSink{leads: map[int64]*paceline.Lead{}, keys: map[lead.Key]int64{}}
}

// inOrder returns the leads in the order of the rows that first named them.
func (m *memSink) inOrder() []*paceline.Lead {
	ids := make([]int64, 0, len(m.leads))
	for id := range m.leads {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]*paceline.Lead, len(ids))
	for i, id := range ids {
		out[i] = m.leads[id]
	}
	return out
}

// Known reports no lead: the sink starts empty.
func (m *memSink) Known(func(int64, []lead.Key) error) error { return nil }

// Suppressed is empty: a simulation has no suppression list.
func (m *memSink) Suppressed() (map[string]struct{}, error) { return map[string]struct{}{}, nil }

// Owners returns the ids holding any of keys, lowest first.
func (m *memSink) Owners(keys []lead.Key) ([]int64, error) {
	var ids []int64
	for _, k := range keys {
		if id, ok := m.keys[k]; ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// Load returns a copy of a lead.
func (m *memSink) Load(id int64) (*paceline.Lead, error) {
	l, ok := m.leads[id]
	if !ok {
		return nil, paceline.Errorf(paceline.ENOTFOUND, "no lead %d", id)
	}
	return l.Clone(), nil
}

// Insert keeps a new lead and its keys.
func (m *memSink) Insert(l *paceline.Lead, keys []lead.Key) error {
	m.leads[l.ID] = l.Clone()
	for _, k := range keys {
		m.keys[k] = l.ID
	}
	return nil
}

// Update replaces a lead and adds the keys it did not hold.
func (m *memSink) Update(l *paceline.Lead, keys []lead.Key) error {
	m.leads[l.ID] = l.Clone()
	for _, k := range keys {
		if _, ok := m.keys[k]; !ok {
			m.keys[k] = l.ID
		}
	}
	return nil
}

// Fold moves from's keys onto into and drops from.
func (m *memSink) Fold(into, from int64) error {
	for k, id := range m.keys {
		if id == from {
			m.keys[k] = into
		}
	}
	delete(m.leads, from)
	return nil
}
