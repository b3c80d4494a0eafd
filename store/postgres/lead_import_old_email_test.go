package postgres

import (
	"testing"
	"time"

	"github.com/paceline/paceline/store/storetest"
)

// The PostgreSQL store finds a lead stored under an email in its pre-NFC form by the address.
func TestImportOldEmailForms(t *testing.T) {
	t.Parallel()
	serverURL(t)
	storetest.RunImportOldEmailForms(t, func(t *testing.T) storetest.LeadDB {
		s := openTest(t)
		s.NowFunc = func() time.Time { return storetest.Clock }
		return storetest.LeadDB{LeadStore: s}
	})
}
