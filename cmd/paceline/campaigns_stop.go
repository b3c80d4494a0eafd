package main

import (
	"fmt"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/spf13/cobra"
)

var (
	_ api.CampaignStopper = (*sqlite.Store)(nil)
	_ api.CampaignStopper = (*postgres.Store)(nil)
)

func (a *app) campaignsStopCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "stop NAME",
		Short: "End a started campaign for good and free its leads",
		Long: `Stop ends an active or paused campaign for good, in one transaction: every enrollment not
yet ended stops (reason "campaign stopped", or the lead's opt-out or reply when one is
recorded that no tick applied yet), so its leads can be enrolled by another
campaign's start, and its open assisted tasks close unsent, the slots they reserved
released; a task an agent holds right now (leased, the agent may be sending it) is left to
its agent and closed unsent when its lease ends unreported. A serve or worker running meanwhile plans none of its steps after. The campaign
is never started, paused or edited again; its history (the ledger, campaigns status,
variants) stays readable. Use it when a started campaign must not go on, such as one whose
sequence has a mistake: stop it, create a corrected campaign and start that one.
Stopping a stopped campaign changes nothing. A draft never started: delete it instead.
Pause, not stop, holds a campaign to resume it later.`,
		Example: "  paceline campaigns stop q1",
		Args:    exactArgs(1, "the campaign's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
				// The rule is api.StopCampaign's, which the API and the dashboard follow too.
				res, err := api.StopCampaign(ctx, db.store, args[0])
				if err != nil {
					return err
				}
				name := res.Before.Name
				if res.Outcome == api.AlreadyStopped {
					_, err = fmt.Fprintf(a.stdout, "Campaign %s is already stopped (%s); nothing changed.\n", name, res.Since())
					return err
				}
				_, err = fmt.Fprintf(a.stdout, "Campaign %s is stopped for good: %s ended (%s free for another campaign's start), %s closed unsent. Its history stays: paceline campaigns status %s%s\n",
					name, plural.Count(res.Ended.Enrollments, "enrollment"), plural.Verb(res.Ended.Enrollments, "its lead is", "their leads are"),
					plural.Count(res.Ended.Tasks, "assisted task"), shellword.Quote(name), a.dbFlag())
				if err != nil || res.Ended.LeftToAgents == 0 {
					return err
				}
				n := res.Ended.LeftToAgents
				_, err = fmt.Fprintf(a.stdout, "%s left to the %s (leased: %s may be sending %s now); the desk closes %s unsent if %s lease ends unreported.\n",
					plural.Count(n, "assisted task"), plural.Verb(n, "agent holding it", "agents holding them"), plural.Verb(n, "it", "they"),
					plural.Verb(n, "it", "them"), plural.Verb(n, "it", "each"), plural.Verb(n, "the", "its"))
				return err
			})
		},
	}
}
