package sqlite

import (
	"testing"
	"time"

	"github.com/paceline/paceline/store/storetest"
)

// The SQLite store gives one person one lead however a file writes their keys.
func TestImportKeysConformance(t *testing.T) {
	t.Parallel()
	storetest.RunImportKeys(t, func(t *testing.T) storetest.LeadDB {
		s := openTest(t)
		s.NowFunc = func() time.Time { return storetest.Clock }
		return storetest.LeadDB{LeadStore: s}
	})
}
