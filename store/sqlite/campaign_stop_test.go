package sqlite

import (
	"testing"

	"github.com/paceline/paceline/store/storetest"
)

// A SQLite campaign stop ends its enrollments and tasks with it, for good.
func TestCampaignStopConformance(t *testing.T) {
	t.Parallel()
	storetest.RunCampaignStop(t, openTest(t))
}
