package main

import (
	"fmt"

	"github.com/paceline/paceline"
	"github.com/spf13/cobra"
)

// accountsPauseCmd stops an account from acting: its ticks find it paused and send
// nothing until it is resumed. Enrollments keep their place.
func (a *app) accountsPauseCmd() *cobra.Command {
	return a.accountStateCmd("pause", "Stop an account from acting until it is resumed", paceline.AccountPaused)
}

// accountsResumeCmd lets a paused account act again, at once.
func (a *app) accountsResumeCmd() *cobra.Command {
	return a.accountStateCmd("resume", "Let a paused account act again", paceline.AccountActive)
}

// accountStateCmd is the command verb NAME that puts an account in state.
func (a *app) accountStateCmd(verb, short string, state paceline.AccountState) *cobra.Command {
	return &cobra.Command{
		Use:     verb + " NAME",
		Short:   short,
		Example: "  paceline accounts " + verb + " alice-free",
		Args:    exactArgs(1, "the account's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.setAccountState(cmd, args[0], state)
		},
	}
}

func (a *app) setAccountState(cmd *cobra.Command, name string, state paceline.AccountState) error {
	ctx := cmd.Context()
	return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
		acct, err := db.store.Account(ctx, name)
		if err != nil {
			return err
		}
		acct.State = state
		if err := db.store.UpdateAccount(ctx, acct); err != nil {
			return err
		}
		if state == paceline.AccountActive {
			jobs, err := db.migratedJobs(ctx)
			if err != nil {
				return err
			}
			if err := jobs.Ensure(ctx, name, true); err != nil {
				return err
			}
		}
		_, err = fmt.Fprintf(a.stdout, "%s is %s.\n", name, state)
		return err
	})
}
