package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paceline/paceline/store/storetest"
)

// An import keeps a person who opted out from being contacted (storetest.RunImportOptOuts).
func TestImportOptOutConformance(t *testing.T) {
	t.Parallel()
	serverURL(t)
	storetest.RunImportOptOuts(t, func(t *testing.T) storetest.LeadDB {
		s := openTest(t)
		s.NowFunc = func() time.Time { return storetest.Clock }
		return storetest.LeadDB{LeadStore: s, Rows: func(q string) ([]string, error) {
			rows, err := s.pool.Query(context.Background(), q)
			if err != nil {
				return nil, err
			}
			return pgx.CollectRows(rows, func(r pgx.CollectableRow) (string, error) {
				vals, err := r.Values()
				return fmt.Sprintln(vals...), err
			})
		}}
	})
}
