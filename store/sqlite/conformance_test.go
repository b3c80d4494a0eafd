package sqlite

import (
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
