package main

import (
	"context"

	"github.com/paceline/paceline"
)

// startsAgain reports whether a start of campaign c goes on from an earlier one: c is
// active or paused, so it holds leads of its own (a resume, or a start again).
func startsAgain(c *paceline.Campaign) bool {
	return c.State == paceline.CampaignActive || c.State == paceline.CampaignPaused
}

// everyLeadStart applies the several-lists rule (refuseEveryLead) to a start of
// campaign c, and returns whether the start must enroll no lead new to c. The rule
// refuses a first start (a draft) of a campaign without a list in a database of
// several lists, unless allLeads. A campaign that started on a database of one list and
// was paused while a second client's list was imported could not be resumed any more:
// its resume (paceline campaigns start, the only one) was refused, --all-leads enrolled
// the other client's leads, and a new campaign found the paused one's leads still
// running there. Such a start of an active or paused campaign goes on with the leads
// it holds and enrolls no new one (holdNew) unless allLeads: the start counts them
// (api.LeftNoList) and says so.
func everyLeadStart(ctx context.Context, st leadStore, c *paceline.Campaign, allLeads, cli bool) (holdNew bool, err error) {
	if c.List != "" || !startsAgain(c) {
		return false, refuseEveryLead(ctx, st, c, allLeads, cli)
	}
	if allLeads {
		return false, nil
	}
	names, err := listNamesOf(ctx, st)
	if err != nil {
		return false, err
	}
	return len(names) > 1, nil
}
