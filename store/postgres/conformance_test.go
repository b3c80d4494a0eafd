package postgres

import (
	"testing"
	"time"

	"github.com/paceline/paceline/store/storetest"
)

// The PostgreSQL store passes the suite every store passes, each test in a schema of
// its own.
func TestConformance(t *testing.T) {
	t.Parallel()
	serverURL(t)
	storetest.Run(t, func(t *testing.T) storetest.Store {
		s := openTest(t)
		s.NowFunc = func() time.Time { return storetest.Clock }
		return s
	})
}
