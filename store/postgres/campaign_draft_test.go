package postgres

import (
	"testing"

	"github.com/paceline/paceline/store/storetest"
)

// A PostgreSQL draft campaign can be deleted and changed; a started one cannot.
func TestCampaignDraftsConformance(t *testing.T) {
	t.Parallel()
	serverURL(t)
	storetest.RunCampaignDrafts(t, openTest(t))
}
