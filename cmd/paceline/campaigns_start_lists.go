package main

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/shellword"
)

// allLeadsFlag confirms the start of a campaign without a list in a database of
// several lists: it enrolls every lead of every list.
const allLeadsFlag = "all-leads"

// refuseEveryLead refuses the start of campaign c, which has no list and so takes
// every lead of the database, when the database keeps its leads on more than one
// list, unless allLeads confirms it: nothing is enrolled. An agency with a list per
// client created a campaign for one client without --list, was only warned, and its
// start enrolled both clients' leads, saying so after the fact. A database with no
// list or one goes on as before (every lead is then what the user has). cli says
// whether the user typed the command (its flags are named) or used the API or the
// dashboard. paceline campaigns start, the API's start and the dashboard's all check
// it, in enrollListWith, before a lead is read.
func refuseEveryLead(ctx context.Context, st leadStore, c *paceline.Campaign, allLeads, cli bool) error {
	if c.List != "" {
		if allLeads {
			return paceline.FieldErrorf(allLeadsFlag, "is for a campaign without a list: campaign %s enrolls the leads of list %s only; start it without --%s",
				c.Name, c.List, allLeadsFlag)
		}
		return nil
	}
	if allLeads {
		return nil
	}
	names, err := listNamesOf(ctx, st)
	if err != nil || len(names) < 2 {
		return err
	}
	n, err := st.CountLeads(ctx)
	if err != nil {
		return err
	}
	lists := quoteNames(names[:min(len(names), maxNamedLists)])
	if len(names) > maxNamedLists {
		lists += fmt.Sprintf(" and %d more", len(names)-maxNamedLists)
	}
	name := shellword.Quote(c.Name)
	give := fmt.Sprintf("give it the list of its leads (paceline campaigns edit %s --list NAME) and start it again", name)
	if c.State != paceline.CampaignDraft {
		// edit changes only a campaign that never started.
		give = "create a campaign with the list of its leads (paceline campaigns create --name NAME --list LIST --accounts ...) and start that one"
	}
	all := fmt.Sprintf("start it with --%s", allLeadsFlag)
	if !cli {
		// The API's body confirms it too.
		all = fmt.Sprintf(`start it with paceline campaigns start %s --%s (the API: {"all_leads": true} in the start's body)`, name, allLeadsFlag)
	}
	return paceline.Errorf(paceline.EINVALID,
		"campaign %s has no list, so its start would enroll every lead in the database (%s), from all %d lists %s at once: nothing was enrolled and the campaign stays %s. To go on: %s; or, to enroll every lead of every list, %s",
		c.Name, plural.Count(n, "lead"), len(names), lists, c.State, give, all)
}
