package sqlite

import (
	"testing"

	"github.com/paceline/paceline/store/storetest"
)

// A SQLite draft campaign can be deleted and changed; a started one cannot.
func TestCampaignDraftsConformance(t *testing.T) {
	t.Parallel()
	storetest.RunCampaignDrafts(t, openTest(t))
}
