package campaignrow

import (
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
)

// TextsWhere is the condition, on a campaigns row, that its sequence may be replaced by
// one with new texts: it started (active or paused) and still has the sequence the new
// one was checked against. Its one placeholder is that sequence, so that of two edits
// made at once the second, checked against a sequence no longer stored, is refused.
const TextsWhere = `state IN ('active', 'paused') AND sequence = ?`

// TextsRefused is the error for replacing the sequence of the campaign c (as stored),
// checked against the sequence was, when TextsWhere did not hold.
func TextsRefused(c *paceline.Campaign, was string) error {
	q := shellword.Quote(c.Name)
	switch {
	case c.State == paceline.CampaignStopped:
		return paceline.Errorf(paceline.ECONFLICT,
			"campaign %s was stopped on %s: a stopped campaign's texts cannot be edited, since it sends nothing any more; to reach its leads again, create a new campaign (paceline campaigns create) and start it",
			c.Name, c.UpdatedAt.UTC().Format("2006-01-02 15:04 MST"))
	case c.State != paceline.CampaignActive && c.State != paceline.CampaignPaused:
		return paceline.Errorf(paceline.ECONFLICT,
			"campaign %s is %s, not started: change its sequence with paceline campaigns edit %s --sequence FILE, which takes any change before a start",
			c.Name, c.State, q)
	case c.Sequence != was:
		return paceline.Errorf(paceline.ECONFLICT,
			"the sequence of campaign %s changed since this edit read it (another edit was saved first); nothing changed: run the edit again, which checks your file against the sequence the campaign has now",
			c.Name)
	}
	// TextsWhere held when read back: the row changed between the update and the read.
	return paceline.Errorf(paceline.ECONFLICT,
		"campaign %s changed while its texts were being edited; nothing changed: run the edit again", c.Name)
}
