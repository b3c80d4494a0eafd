package sqlite

import (
	"context"
	"fmt"
)

// Inventory is what a database file holds, by name.
type Inventory struct {
	Accounts, Campaigns, Users []string
	Leads                      int
}

// ReadInventory reads the names of the accounts, campaigns and users of the database
// at path and its number of leads, read-only and whatever its schema version: it works
// on a file an older paceline wrote, which Open would migrate before anything could be
// read from it. A file without paceline's tables is an error.
func ReadInventory(ctx context.Context, path string) (*Inventory, error) {
	s, err := openReadOnly(ctx, path, false)
	if err != nil {
		return nil, openError(path, err)
	}
	defer s.db.Close()
	var inv Inventory
	for _, t := range []struct {
		table string
		into  *[]string
	}{{"accounts", &inv.Accounts}, {"campaigns", &inv.Campaigns}, {"users", &inv.Users}} {
		rows, err := s.db.QueryContext(ctx, `SELECT name FROM `+t.table+` ORDER BY name`)
		if err != nil {
			return nil, fmt.Errorf("read the %s of %s: %w", t.table, path, err)
		}
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read the %s of %s: %w", t.table, path, err)
			}
			*t.into = append(*t.into, name)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("read the %s of %s: %w", t.table, path, err)
		}
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM leads`).Scan(&inv.Leads); err != nil {
		return nil, fmt.Errorf("count the leads of %s: %w", path, err)
	}
	return &inv, nil
}
