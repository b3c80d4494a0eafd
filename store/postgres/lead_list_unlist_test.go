package postgres

import (
	"testing"
	"time"

	"github.com/paceline/paceline/store/storetest"
)

// The PostgreSQL store takes leads off a list as every store does.
func TestUnlistConformance(t *testing.T) {
	t.Parallel()
	serverURL(t)
	storetest.RunUnlist(t, func(t *testing.T) storetest.LeadDB {
		s := openTest(t)
		s.NowFunc = func() time.Time { return storetest.Clock }
		return storetest.LeadDB{LeadStore: s}
	})
}
