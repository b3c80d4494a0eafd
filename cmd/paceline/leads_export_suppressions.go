package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

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
