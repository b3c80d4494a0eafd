package sqlite

import (
	"testing"
	"time"

	"github.com/paceline/paceline/store/storetest"
)

// The accounts that run a lead's sequences, which an opt-out wakes
// (storetest.RunLeadRunningAccounts).
func TestLeadRunningAccounts(t *testing.T) {
	t.Parallel()
	storetest.RunLeadRunningAccounts(t, func(t *testing.T) storetest.LeadDB {
		s := openTest(t)
		s.NowFunc = func() time.Time { return storetest.Clock }
		return storetest.LeadDB{LeadStore: s}
	})
}
