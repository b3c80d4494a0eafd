package sqlite

import (
	"fmt"
	"testing"
	"time"

	"github.com/paceline/paceline/store/storetest"
)

// The SQLite store passes the suite every store passes, each test on its own file.
func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) storetest.Store {
		s := openTest(t)
		s.NowFunc = func() time.Time { return storetest.Clock }
		return s
	})
}

// The SQLite store passes the leads suite too.
func TestLeadConformance(t *testing.T) {
	t.Parallel()
	storetest.RunLeads(t, func(t *testing.T) storetest.LeadDB {
		s := openTest(t)
		s.NowFunc = func() time.Time { return storetest.Clock }
		return storetest.LeadDB{LeadStore: s, Rows: func(q string) ([]string, error) { return tableRows(s, q) }}
	})
}

// tableRows runs q and formats each row's values on one line.
func tableRows(s *Store, q string) ([]string, error) {
	rows, err := s.db.Query(q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var out []string
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprintln(vals...))
	}
	return out, rows.Err()
}
