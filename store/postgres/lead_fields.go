package postgres

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"
)

// CustomFieldsCarried returns those of names that some lead, opted out or not, carries
// as a custom field (an imported column), in the order of names, in one query. Each
// name's search stops at the first lead carrying it, so a sequence's fields are checked
// without reading the leads into Go; only a name no lead carries costs a scan of the
// custom column.
func (s *Store) CustomFieldsCarried(ctx context.Context, names []string) ([]string, error) {
	if len(names) == 0 {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT u.n FROM unnest($1::text[]) WITH ORDINALITY AS u(n, i)
		WHERE EXISTS (SELECT 1 FROM leads WHERE custom <> '{}' AND custom::jsonb ? u.n)
		ORDER BY u.i`, names)
	if err != nil {
		return nil, s.fail("look up custom fields", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, s.fail("look up custom fields", err)
	}
	return out, nil
}

// CustomFieldNames returns every custom field name some lead, opted out or not,
// carries, sorted: the names a misspelt field may have been meant as.
func (s *Store) CustomFieldNames(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT k FROM leads, jsonb_object_keys(custom::jsonb) AS k
		WHERE custom <> '{}'`)
	if err != nil {
		return nil, s.fail("list custom fields", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, s.fail("list custom fields", err)
	}
	// Sorted here, by bytes as SQLite's store sorts, not by the database's collation.
	slices.Sort(out)
	return out, nil
}
