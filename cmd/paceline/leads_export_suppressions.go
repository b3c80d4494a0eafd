package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// An export carries the database's suppression list, hashes only, so that the people
// erased or opted out by key of a database stay suppressed in the one its file is
// imported into (an export of leads alone let them back in). Entries come before the
// leads, so that the import reads them before any lead row they suppress.

// suppressionExporter is a store that lists its suppression list: both stores are.
type suppressionExporter interface {
	ExportSuppressions(ctx context.Context, fn func(lead.Suppression) error) error
}

var (
	_ suppressionExporter = (*sqlite.Store)(nil)
	_ suppressionExporter = (*postgres.Store)(nil)
)

// suppressionsOf returns st as a suppressionExporter, or an error saying the
// export would leave the list behind.
func suppressionsOf(st any) (suppressionExporter, error) {
	se, ok := st.(suppressionExporter)
	if !ok {
		return nil, fmt.Errorf("export: %T cannot list its suppression list, which the export must carry", st)
	}
	return se, nil
}

// errHasSuppressions stops the look for a first entry.
var errHasSuppressions = errors.New("the suppression list has an entry")

// hasSuppressions reports whether the suppression list has an entry.
func hasSuppressions(ctx context.Context, se suppressionExporter) (bool, error) {
	err := se.ExportSuppressions(ctx, func(lead.Suppression) error { return errHasSuppressions })
	if errors.Is(err, errHasSuppressions) {
		return true, nil
	}
	return false, err
}

// csvSuppressionColumns head the entry columns of a CSV export, after the lead's.
var csvSuppressionColumns = []string{lead.ColumnSuppressedKeyHash, lead.ColumnSuppressionReason, lead.ColumnSuppressedAt}

// writeCSVSuppressions writes one row per entry of the list, the entry columns at
// from on and every other cell of the width empty; it returns how many it wrote.
func writeCSVSuppressions(ctx context.Context, se suppressionExporter, width, from int, write func([]string) error) (int, error) {
	rec := make([]string, width)
	n := 0
	err := se.ExportSuppressions(ctx, func(e lead.Suppression) error {
		n++
		rec[from], rec[from+1], rec[from+2] = e.KeyHash, cell(e.Reason), e.At.UTC().Format(time.RFC3339)
		return write(rec)
	})
	return n, err
}

// writeJSONSuppressions writes the "suppressions" array of a JSON export and the
// key of the leads array that follows it.
func writeJSONSuppressions(ctx context.Context, se suppressionExporter, w io.Writer) error {
	if _, err := io.WriteString(w, "{\"suppressions\": ["); err != nil {
		return err
	}
	n := 0
	err := se.ExportSuppressions(ctx, func(e lead.Suppression) error {
		e.At = e.At.UTC().Truncate(time.Second)
		b, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("encode suppression entry: %w", err)
		}
		sep := ",\n  "
		if n == 0 {
			sep = "\n  "
		}
		n++
		_, err = io.WriteString(w, sep+string(b))
		return err
	})
	if err != nil {
		return err
	}
	end := "],\n\"leads\": ["
	if n > 0 {
		end = "\n],\n\"leads\": ["
	}
	_, err = io.WriteString(w, end)
	return err
}

// An export of one list (--list) carries only what belongs to that list's leads: each
// lead's lists column names the list alone, and the suppression list only the entries
// of the keys its leads hold. An agency exports one client's list for that client: it
// listed every lead's lists ("acme; globex", another client's name) and every
// client's opt-outs with their free-text reasons ("asked client").

// listKeyHashes holds the hashes (lead.Key.Hash) of the keys the leads of a list
// carry: their LinkedIn profile, Sales Navigator and email keys.
type listKeyHashes map[string]struct{}

// add puts the hashes of l's keys in the set.
func (h listKeyHashes) add(l *paceline.Lead) {
	for _, k := range lead.Keys(l) {
		h[k.Hash()] = struct{}{}
	}
}

// of returns se limited to the entries whose hash is in the set.
func (h listKeyHashes) of(se suppressionExporter) suppressionExporter {
	return heldSuppressions{se: se, held: h}
}

// heldSuppressions is a suppression list limited to the entries of held hashes.
type heldSuppressions struct {
	se   suppressionExporter
	held listKeyHashes
}

// ExportSuppressions calls fn with each entry of the list whose hash is held.
func (s heldSuppressions) ExportSuppressions(ctx context.Context, fn func(lead.Suppression) error) error {
	return s.se.ExportSuppressions(ctx, func(e lead.Suppression) error {
		if _, ok := s.held[e.KeyHash]; !ok {
			return nil
		}
		return fn(e)
	})
}

// onlyList leaves, of the lists of l (a member of list), list alone: an export of one
// list names no other. It does nothing when list is "" (every lead exported).
func onlyList(l *paceline.Lead, list string) {
	if list != "" {
		l.Lists = []string{list}
	}
}
