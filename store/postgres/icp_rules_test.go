package postgres

import (
	"testing"
	"time"

	"github.com/paceline/paceline/store/storetest"
)

// The PostgreSQL store keeps the ICP rules as every store does.
func TestICPRulesConformance(t *testing.T) {
	t.Parallel()
	serverURL(t)
	storetest.RunICPRules(t, func(t *testing.T) storetest.LeadDB {
		s := openTest(t)
		s.NowFunc = func() time.Time { return storetest.Clock }
		return storetest.LeadDB{LeadStore: s}
	})
}
