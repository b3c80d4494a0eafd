package main

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
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

// setAccountState puts the account name in state, changing nothing else of it
// (rewriteAccount). A resume checks the job queue first, so that an account is not
// marked active on a database whose ticks cannot be scheduled.
func (a *app) setAccountState(cmd *cobra.Command, name string, state paceline.AccountState) error {
	ctx := cmd.Context()
	return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
		var jobs runtime.Jobs
		if state == paceline.AccountActive {
			if _, err := db.store.Account(ctx, name); err != nil {
				return err // an unknown name, before any word of the job queue
			}
			var err error
			if jobs, err = db.migratedJobs(ctx); err != nil {
				return err
			}
		}
		if err := storeAccountState(ctx, db.store, name, state); err != nil {
			return err
		}
		if jobs != nil {
			if err := jobs.Ensure(ctx, name, true); err != nil {
				return err
			}
		}
		_, err := fmt.Fprintf(a.stdout, "%s is %s.\n", name, state)
		return err
	})
}

// storeAccountState stores the account's new state and keeps what another command
// stored meanwhile (an accounts update's safety, a connection count).
func storeAccountState(ctx context.Context, st any, name string, state paceline.AccountState) error {
	rw, err := asRewriter(st)
	if err != nil {
		return err
	}
	_, err = rewriteAccount(ctx, rw, name, func(acct *paceline.Account) (bool, error) {
		acct.State = state
		return true, nil
	})
	return err
}
