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

// A SQLite stop and start of one campaign at once leave no lead running in it.
func TestCampaignStopRaceConformance(t *testing.T) {
	t.Parallel()
	storetest.RunCampaignStopRace(t, openTest(t))
}

// A SQLite campaign stop keeps an opt-out or a reply no tick applied yet.
func TestCampaignStopKeepsAnswersConformance(t *testing.T) {
	t.Parallel()
	storetest.RunCampaignStopKeepsAnswers(t, openTest(t))
}
