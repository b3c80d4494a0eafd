package sqlite

import (
	"testing"
	"time"

	"github.com/paceline/paceline/store/storetest"
)

// An import keeps a person who opted out from being contacted (storetest.RunImportOptOuts).
func TestImportOptOutConformance(t *testing.T) {
	t.Parallel()
	storetest.RunImportOptOuts(t, func(t *testing.T) storetest.LeadDB {
		s := openTest(t)
		s.NowFunc = func() time.Time { return storetest.Clock }
		return storetest.LeadDB{LeadStore: s, Rows: func(q string) ([]string, error) { return tableRows(s, q) }}
	})
}
