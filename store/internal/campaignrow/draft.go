package campaignrow

import (
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
)

// NotDraftWhere is the condition, on a campaigns row, that it is a draft that never
// started: no lead was ever enrolled in it and the ledger holds nothing done for it.
// Its one placeholder is the campaign's name, for the ledger's rows.
const NotDraftWhere = `state = 'draft'
		AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.campaign_id = campaigns.id)
		AND NOT EXISTS (SELECT 1 FROM actions a WHERE a.campaign = ?)`

// Started is the error for deleting or changing a campaign that has started (c, as
// stored): its enrollments and its actions in the ledger are its history, which the
// audit and the funnels read, and its leads were enrolled with its sequence. what is
// "deleted" or "changed".
func Started(c *paceline.Campaign, what string) error {
	q := shellword.Quote(c.Name)
	state := "is " + string(c.State) + ", not a draft"
	if c.State == paceline.CampaignDraft {
		state = "has started (leads were enrolled in it)"
	}
	if c.State == paceline.CampaignStopped {
		// It sends nothing and holds no lead any more: pausing or stopping it is no
		// advice.
		return paceline.Errorf(paceline.ECONFLICT,
			"campaign %s is stopped: a campaign that ever started cannot be %s, since its history belongs to the ledger (the audit and the funnels read it); create a new campaign (paceline campaigns create), which can enroll its leads",
			c.Name, what)
	}
	if what == "deleted" {
		return paceline.Errorf(paceline.ECONFLICT,
			"campaign %s %s: a campaign that ever started cannot be deleted, since its history belongs to the ledger (the audit and the funnels read it); to hold it, pause it (paceline campaigns pause %s); to end it for good and free its leads, stop it (paceline campaigns stop %s)",
			c.Name, state, q, q)
	}
	return paceline.Errorf(paceline.ECONFLICT,
		"campaign %s %s: a campaign that ever started cannot be changed, since its leads were enrolled with its sequence and accounts; create a new campaign with the changes and stop this one (paceline campaigns stop %s), which frees its leads for the new one's start (paceline campaigns pause %s would hold them)",
		c.Name, state, q, q)
}
