package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// removeMailboxFlag takes a LinkedIn account's own mailbox away.
const removeMailboxFlag = "remove-mailbox"

// removeMailboxUsage is its help.
const removeMailboxUsage = "take a LinkedIn account's own mailbox away: it sends no more email (its leads skip email steps from then on), its inbox is no longer read, and its email caps go; refused while it has running leads unless --force"

// removeMailbox takes the own mailbox of the LinkedIn account name away, with its email
// caps (a cap would let the Pacer plan emails with nothing to send them), and wakes its
// tick. The flag goes alone: with other settings it would be two changes in one. While
// the account has running leads it is refused unless --force: their replies to its
// emails come to that inbox, which would no longer be read. The mailbox goes first,
// then its caps, retried as the other account commands retry.
func (a *app) removeMailbox(ctx context.Context, db *runtimeDB, name string, fl *pflag.FlagSet) error {
	var others []string
	fl.Visit(func(f *pflag.Flag) {
		if f.Name != removeMailboxFlag && f.Name != "db" && f.Name != "force" {
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
	// The mailbox first: once it is gone nothing can send email, whatever the caps say
	// (limits.ConfigFor gives a seat without a mailbox no email). Taking the caps
	// first, a removal that then failed left a seat whose cap of 0 had stopped its
	// email with the preset's 250 a week. Without --force the running leads are
	// counted in the store's transaction that removes it: counted first, a campaign
	// started between the count and the removal ran its leads without the mailbox.
	if force, _ := fl.GetBool("force"); force {
		if err := db.store.RemoveMailbox(ctx, name); err != nil {
			return err
		}
	} else {
		rm, ok := db.store.(mailboxRemover)
		if !ok {
			return paceline.Errorf(paceline.EINTERNAL, "this store (%T) cannot count an account's running leads in the removal of its mailbox", db.store)
		}
		n, paused, err := rm.RemoveMailboxUnlessRunning(ctx, name)
		if err != nil {
			return err
		}
		if n > 0 {
			// A paused campaign's leads count: they go on when it resumes, their email
			// steps with no mailbox, and replies to what they were sent come to this
			// inbox meanwhile. Waiting does not end them; stopping the campaign does.
			inPaused, stopPaused := "", ""
			where := plural.Verb(paused, "in a paused campaign, which runs it on when resumed", "in paused campaigns, which run them on when resumed")
			switch {
			case paused == n:
				inPaused = ", " + where
			case paused > 0:
				inPaused = fmt.Sprintf(", %d of them %s", paused, where)
			}
			if paused > 0 {
				stopPaused = " (a paused campaign's leads end when it is stopped: paceline campaigns stop NAME)"
			}
			// A reply can come only to an email the account sent: before its first,
			// the refusal is for the running leads' email steps, which would go.
			why := "a reply to an email it sent comes to this mailbox, whose inbox would no longer be read, so the lead would not be stopped"
			sent, err := sentEmail(ctx, db.store, name)
			if err != nil {
				return err
			}
			if !sent {
				why = "it has sent no email yet, but " + plural.Verb(n, "its", "their") + " email steps would be skipped from now on"
			}
			return paceline.FieldErrorf(removeMailboxFlag,
				"%s has %s%s: %s; wait until they have ended (paceline campaigns status shows them)%s, or give --force to take the mailbox away all the same",
				name, plural.Count(n, "running lead"), inPaused, why, stopPaused)
		}
	}
	had := capOverrides(before)
	if len(had) > 0 {
		rw, err := asRewriter(db.store)
		if err == nil {
			_, err = rewriteAccount(ctx, rw, name, func(acc *paceline.Account) (bool, error) {
				write := len(capOverrides(acc)) > 0
				delete(acc.Caps, paceline.KindEmail)
				delete(acc.Limits, paceline.LimitDailyPrefix+string(paceline.KindEmail))
				return write, nil
			})
		}
		if err != nil {
			fmt.Fprintf(a.stderr, "paceline: warning: the mailbox of %s was taken away, but its email caps were not (%s); they send nothing without a mailbox: run paceline accounts update %s --cap email=preset --cap daily_email=preset to drop them\n",
				name, paceline.ErrorMessage(err), name)
		}
	}
	if before.State == paceline.AccountActive {
		jobs, err := db.migratedJobs(ctx)
		if err != nil {
			return err
		}
		if err := jobs.Ensure(ctx, name, true); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.stdout, "Took the mailbox of %s away in %s: it sends no more email (its leads skip email steps from now on) and its inbox is no longer read.\n", name, a.shownDB())
	if len(had) > 0 {
		fmt.Fprintf(a.stdout, "Its email caps went with it (it had %s).\n", strings.Join(slices.Sorted(maps.Keys(had)), ", "))
	}
	fmt.Fprintf(a.stdout, "A running serve stops its polls within %s. Give it one again with paceline accounts update %s --from ADDRESS --smtp URL --imap URL.\n", mailRefreshEvery, name)
	return nil
}

// sentEmail reports whether the account ever sent an email (one went out: an email
// action done in its ledger), so that a refusal speaks of replies only when one can
// come: it used to say "a reply to an email it sent" of a seat that had sent none.
func sentEmail(ctx context.Context, st runtimeStore, account string) (bool, error) {
	// The whole ledger: the runtime's clock may run ahead of the wall clock (a
	// sped-up run), so its last email may be dated after now.
	actions, err := st.Actions(ctx, account, time.Time{}, time.Date(9999, time.December, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return false, fmt.Errorf("read what %s sent: %w", account, err)
	}
	for _, a := range actions {
		if a.Kind == paceline.KindEmail && a.Result == paceline.ResultDone {
			return true, nil
		}
	}
	return false, nil
}

// mailboxRemover takes a mailbox away unless its account has running leads, both in
// one transaction (store/sqlite and store/postgres).
type mailboxRemover interface {
	// RemoveMailboxUnlessRunning removes the mailbox, or returns how many running
	// leads the account has (a paused campaign's count) and how many of them are in
	// paused campaigns, and removes nothing.
	RemoveMailboxUnlessRunning(ctx context.Context, account string) (running, paused int, err error)
}

var (
	_ mailboxRemover = (*sqlite.Store)(nil)
	_ mailboxRemover = (*postgres.Store)(nil)
)

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
