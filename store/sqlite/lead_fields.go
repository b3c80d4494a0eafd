package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
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
	arg, err := json.Marshal(names)
	if err != nil {
		return nil, fmt.Errorf("look up custom fields %q: %w", names, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT n.value FROM json_each(?) AS n
		WHERE EXISTS (SELECT 1 FROM leads, json_each(leads.custom) AS c
			WHERE leads.custom <> '{}' AND c.key = n.value)
		ORDER BY n.key`, string(arg))
	if err != nil {
		return nil, fmt.Errorf("look up custom fields %q: %w", names, err)
	}
	return scanFieldNames(rows, "look up custom fields")
}

// CustomFieldNames returns every custom field name some lead, opted out or not,
// carries, sorted: the names a misspelt field may have been meant as.
func (s *Store) CustomFieldNames(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT c.key FROM leads, json_each(leads.custom) AS c
		WHERE leads.custom <> '{}'`)
	if err != nil {
		return nil, fmt.Errorf("list custom fields: %w", err)
	}
	out, err := scanFieldNames(rows, "list custom fields")
	slices.Sort(out)
	return out, err
}

// scanFieldNames reads one name a row and closes rows.
func scanFieldNames(rows *sql.Rows, what string) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, name)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}
