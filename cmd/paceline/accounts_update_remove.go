package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/paceline/paceline"
)

// removeMailboxFlag takes a LinkedIn account's own mailbox away.
const removeMailboxFlag = "remove-mailbox"

// removeMailboxUsage is its help.
const removeMailboxUsage = "take a LinkedIn account's own mailbox away: it sends no more email (its leads skip email steps from then on), its inbox is no longer read, and its email caps go; what it sent stays in the sent log"

// removeMailbox takes the own mailbox of the LinkedIn account name away, with its email
// caps (a cap would let the Pacer plan emails with nothing to send them), and wakes its
// tick. The flag goes alone: with other settings it would be two changes in one.
func (a *app) removeMailbox(ctx context.Context, db *runtimeDB, name string, fl *pflag.FlagSet) error {
	var others []string
	fl.Visit(func(f *pflag.Flag) {
		if f.Name != removeMailboxFlag && f.Name != "db" {
			others = append(others, "--"+f.Name)
		}
	})
	if len(others) > 0 {
		return usageError{fmt.Errorf("--%s goes alone: run accounts update %s again for %s", removeMailboxFlag, name, strings.Join(others, ", "))}
	}
	before, err := db.store.Account(ctx, name)
	if err != nil {
		return err
	}
	if before.Executor == paceline.ExecutorEmail {
		return paceline.FieldErrorf(removeMailboxFlag, "%s is a mailbox account: its mailbox is the account; pause it (paceline accounts pause %s) to stop it sending", name, name)
	}
	if !before.Mailbox {
		return paceline.FieldErrorf(removeMailboxFlag, "%s has no mailbox of its own to take away", name)
	}
	after := cloneAccount(before)
	after.Mailbox = false
	delete(after.Caps, paceline.KindEmail)
	delete(after.Limits, paceline.LimitDailyPrefix+string(paceline.KindEmail))
	capsGone := len(accountChanges(before, after)) > 0
	if err := db.store.RemoveMailbox(ctx, name); err != nil {
		return err
	}
	if capsGone {
		if err := storeUnchanged(ctx, db.store, after, false); err != nil {
			return fmt.Errorf("the mailbox of %s was taken away, but its email caps were not: %w", name, err)
		}
	}
	if after.State == paceline.AccountActive {
		jobs, err := db.migratedJobs(ctx)
		if err != nil {
			return err
		}
		if err := jobs.Ensure(ctx, name, true); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.stdout, "Took the mailbox of %s away in %s: it sends no more email (its leads skip email steps from now on) and its inbox is no longer read.\n", name, a.shownDB())
	if capsGone {
		names := slices.Sorted(maps.Keys(capOverrides(before)))
		fmt.Fprintf(a.stdout, "Its email caps went with it (it had %s).\n", strings.Join(names, ", "))
	}
	fmt.Fprintf(a.stdout, "A running serve stops its polls within %s. Give it one again with paceline accounts update %s --from ADDRESS --smtp URL --imap URL.\n", mailRefreshEvery, name)
	return nil
}

// capOverrides names the email caps of acc, as --cap writes them.
func capOverrides(acc *paceline.Account) map[string]bool {
	out := map[string]bool{}
	if _, ok := acc.Caps[paceline.KindEmail]; ok {
		out[string(paceline.KindEmail)] = true
	}
	if _, ok := acc.Limits[paceline.LimitDailyPrefix+string(paceline.KindEmail)]; ok {
		out[paceline.LimitDailyPrefix+string(paceline.KindEmail)] = true
	}
	return out
}
