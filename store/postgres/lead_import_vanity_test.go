package postgres

import (
	"testing"
	"time"

	"github.com/paceline/paceline/store/storetest"
)

// The PostgreSQL store keeps a shared email from joining a member-id lead to another
// person's vanity URL, and warns of a member id joining two vanity URLs.
func TestImportVanityConformance(t *testing.T) {
	t.Parallel()
	serverURL(t)
	storetest.RunImportVanity(t, func(t *testing.T) storetest.LeadDB {
		s := openTest(t)
		s.NowFunc = func() time.Time { return storetest.Clock }
		return storetest.LeadDB{LeadStore: s}
	})
}
