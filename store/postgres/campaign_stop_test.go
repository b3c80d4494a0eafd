package postgres

import (
	"testing"

	"github.com/paceline/paceline/store/storetest"
)

// A PostgreSQL campaign stop ends its enrollments and tasks with it, for good.
func TestCampaignStopConformance(t *testing.T) {
	t.Parallel()
	serverURL(t)
	storetest.RunCampaignStop(t, openTest(t))
}

// A PostgreSQL stop and start of one campaign at once leave no lead running in it.
func TestCampaignStopRaceConformance(t *testing.T) {
	t.Parallel()
	serverURL(t)
	storetest.RunCampaignStopRace(t, openTest(t))
}

// A PostgreSQL campaign stop keeps an opt-out or a reply no tick applied yet.
func TestCampaignStopKeepsAnswersConformance(t *testing.T) {
	t.Parallel()
	serverURL(t)
	storetest.RunCampaignStopKeepsAnswers(t, openTest(t))
}
