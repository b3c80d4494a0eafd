package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/spf13/cobra"
)

// updateSettings are the flags of accounts update that change a setting, in the order
// the help lists them. The name, the executor and the connections are not among them:
// see accountsUpdateCmd.
var updateSettings = []string{"type", "cap", "min-gap", "safety", "time-zone", "working-hours", "working-days", "created", "sender-name", "inmail-credits"}

// accountsUpdateCmd changes the settings of an account in place, so that its ledger
// and history stay with it: a seat upgraded from free to Sales Navigator, or told to
// slow down after a LinkedIn warning, still counts the invites of its last 7 days. A
// new account under another name would start from an empty ledger and let the real
// seat cross its weekly cap.
func (a *app) accountsUpdateCmd() *cobra.Command {
	var f accountFlags
	cmd := &cobra.Command{
		Use:   "update NAME [flags]",
		Short: "Change an account's type, caps or schedule, keeping its history",
		Long: `Update changes the settings given and keeps the rest, and the account's ledger: the
actions of its last 7 days still count against the new caps. It prints each change
(old → new). A --cap adds to the account's overrides or, as NAME=preset, drops one.

A mailbox (--executor email) takes accounts add's mailbox flags too: --from, --smtp,
--imap, --folder, --footer-address and --public-url replace what they name and keep the
rest. A password is read again, from --smtp-password-env / --imap-password-env or at
the prompt, only when its server URL or its variable is given: give the URL again to
type a rotated password. A change of server, password or folder logs in first, as add
does, unless --skip-check; the passwords are sealed as add seals them and never printed.
A running serve (and every worker) picks the change up within 10 s, no restart. An
account another command changed while update ran (paused, resumed, its connections
counted) is not written over: update says so and exits 1; run it again.

--inmail-credits records the InMail credits LinkedIn shows the account now: the pacer
starts from them, adds the monthly credits after now (up to the rollover cap) and takes
off the InMails sent after now. A change of --type without it starts the new type at
its monthly credits now, as LinkedIn grants them on an upgrade (50 on Sales
Navigator), not at the rollover cap.

A LinkedIn account given the mailbox flags gets a mailbox of its own and sends its
leads' email steps; --remove-mailbox (alone) takes it away again, with its email caps.

The executor cannot change (add another account), nor can a mailbox's type. The
connections have their own command (paceline accounts connections).`,
		Example: `  paceline accounts update alice --type sales-navigator --cap invite=preset
  paceline accounts update dave --inmail-credits 42
  paceline accounts update bob --cap invite=60 --cap message=80 --safety 0.8
  paceline accounts update carol --time-zone America/New_York --working-hours 08:00-16:00
  SMTP_PW=... paceline accounts update ann-mail --smtp-password-env SMTP_PW
  paceline accounts update ann-mail --footer-address "1 Main St, Springfield" --public-url https://pl.example.com`,
		Args: exactArgs(1, "the account's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			given := cmd.Flags().Changed
			// --executor changes nothing it may change, but is answered by checkUpdateKind.
			if !givenAny(given, updateSettings) && !givenAny(given, mailboxSettingFlags) && !given("executor") && !given(removeMailboxFlag) {
				return usageError{fmt.Errorf("accounts update %s changes nothing: give a setting to change (--%s; a mailbox's --%s)",
					args[0], strings.Join(updateSettings, ", --"), strings.Join(mailboxSettingFlags, ", --"))}
			}
			return a.updateAccount(cmd, args[0], &f, given)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.typ, "type", "", "new LinkedIn account `type`: "+typeNames())
	fl.StringArrayVar(&f.caps, "cap", nil, capUsage)
	fl.StringVar(&f.minGap, "min-gap", "", minGapUsage)
	fl.StringVar(&f.safety, "safety", "", safetyUsage)
	fl.StringVar(&f.timeZone, "time-zone", "", timeZoneUsage)
	fl.StringVar(&f.hours, "working-hours", "", workingHoursUsage)
	fl.StringVar(&f.days, "working-days", "", workingDaysUsage)
	fl.StringVar(&f.created, "created", "", "day the LinkedIn account was opened, as `YYYY-MM-DD` (local midnight in the account's time zone), for warm-up (\"\" for an established account)")
	fl.StringVar(&f.sender, "sender-name", "", "first `name` the account's messages are signed with")
	fl.StringVar(&f.inmailCredits, "inmail-credits", "", inmailCreditsUsage)
	fl.StringVar(&f.executor, "executor", "", "refused unless it is the account's own: an account keeps its executor")
	fl.BoolVar(&f.beyondSafe, beyondSafeFlag, false, beyondSafeUsage)
	fl.Bool(removeMailboxFlag, false, removeMailboxUsage)
	fl.Bool("force", false, "with --remove-mailbox: take it away although the account has running leads (their replies to its emails go unread)")
	f.mail.register(fl)
	return cmd
}

// updateAccount applies the given flags to the stored account name, checks the result
// as add does, stores it when something changed and wakes its tick. The account is
// written only if no other command wrote it since it was read (storeUnchanged).
func (a *app) updateAccount(cmd *cobra.Command, name string, f *accountFlags, given func(string) bool) error {
	ctx := cmd.Context()
	return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
		if given(removeMailboxFlag) {
			return a.removeMailbox(ctx, db, name, cmd.Flags())
		}
		before, err := db.store.Account(ctx, name)
		if err != nil {
			return err
		}
		if err := checkUpdateKind(before, f, given); err != nil {
			return err
		}
		after := cloneAccount(before)
		// A LinkedIn account given mailbox settings gets a mailbox of its own: its caps
		// may then name email.
		after.Mailbox = before.Mailbox || givenAny(given, mailboxSettingFlags)
		if err := f.apply(after, given, time.Now()); err != nil {
			return err
		}
		if err := updateInMailCredits(ctx, db.store, before, after, f.inmailCredits, given); err != nil {
			return err
		}
		if err := after.Validate(); err != nil {
			return err
		}
		if err := checkSafeLimits(before, after, given("min-gap"), f.beyondSafe); err != nil {
			return err
		}
		mbox, err := a.updatedMailbox(ctx, db.store, before, &f.mail, given)
		if err != nil {
			return err
		}
		changes := append(accountChanges(before, after), inmailCreditsChange(before, after)...)
		accountChanged := len(changes) > 0
		if mbox != nil {
			changes = append(changes, mbox.changes...)
		}
		if len(changes) == 0 {
			_, err := fmt.Fprintf(a.stdout, "Nothing changed: %s already has these settings.\n", name)
			return err
		}
		// Every check is done before either write. They are two statements: should the
		// second fail, running the same command again finishes the update.
		if mbox != nil && len(mbox.changes) > 0 {
			if err := db.store.SetMailbox(ctx, mbox.after); err != nil {
				return fmt.Errorf("store the mailbox of %s: %w", name, err)
			}
		}
		if !accountChanged && (before.Mailbox || before.Executor == paceline.ExecutorEmail) {
			// Only the mailbox changed: the account's pacing and its tick are as they were.
			if err := writeChangeTable(a.stdout, a.shownDB(), name, changes); err != nil {
				return err
			}
			return writeMailboxNote(a.stdout, name, mbox.checked, f.mail.skipCheck)
		}
		if err := storeUnchanged(ctx, db.store, after, mbox != nil && len(mbox.changes) > 0); err != nil {
			return err
		}
		woken := false
		if after.State == paceline.AccountActive {
			jobs, err := db.migratedJobs(ctx)
			if err != nil {
				return err
			}
			if err := jobs.Ensure(ctx, name, true); err != nil {
				return err
			}
			woken = true
		}
		if err := writeAccountChanges(a.stdout, a.shownDB(), after, changes, woken); err != nil {
			return err
		}
		if mbox != nil && len(mbox.changes) > 0 {
			return writeMailboxNote(a.stdout, name, mbox.checked, f.mail.skipCheck)
		}
		return nil
	})
}

// checkUpdateKind refuses a change of what an account is rather than how it paces:
// its executor (a mailbox holds SMTP settings, an assist seat its open tasks, and the
// actions in flight are reconciled with the executor that planned them) and a
// mailbox's type.
func checkUpdateKind(acc *paceline.Account, f *accountFlags, given func(string) bool) error {
	if given("executor") && strings.TrimSpace(f.executor) != acc.Executor {
		return paceline.FieldErrorf("executor", "%s's executor is %s and stays so (its actions in flight belong to it); add another account with --executor %s for a seat run that way",
			acc.Name, acc.Executor, strings.TrimSpace(f.executor))
	}
	if !given("type") {
		return nil
	}
	typ := strings.TrimSpace(f.typ)
	switch {
	case acc.Executor == paceline.ExecutorEmail && !strings.EqualFold(typ, string(paceline.TypeEmail)):
		return paceline.FieldErrorf("type", "%s is a mailbox (an email account): its type is email and cannot become %q; a LinkedIn seat is an account of its own (paceline accounts add --type TYPE)",
			acc.Name, typ)
	case acc.Executor != paceline.ExecutorEmail && strings.EqualFold(typ, string(paceline.TypeEmail)):
		return paceline.FieldErrorf("type", "%s is a LinkedIn account and cannot become a mailbox; add one with paceline accounts add --executor email", acc.Name)
	}
	return nil
}

// givenAny reports whether any of the flags was typed.
func givenAny(given func(string) bool, flags []string) bool {
	for _, name := range flags {
		if given(name) {
			return true
		}
	}
	return false
}

// cloneAccount copies an account with its own override maps.
func cloneAccount(a *paceline.Account) *paceline.Account {
	c := *a
	c.Caps = maps.Clone(a.Caps)
	c.Limits = maps.Clone(a.Limits)
	return &c
}

// unchangedStore writes an account only if no other command wrote it since it was
// read; both stores have it.
type unchangedStore interface {
	UpdateAccountUnchanged(ctx context.Context, a *paceline.Account) error
}

var (
	_ unchangedStore = (*sqlite.Store)(nil)
	_ unchangedStore = (*postgres.Store)(nil)
)

// storeUnchanged writes the updated account if it is still as it was read: between
// the read and the write, accounts update may spend seconds logging in to mail
// servers, and writing the whole row back would undo an accounts pause or a connection
// count stored meanwhile. Such a change refuses the update, saying to run the command
// again (which reads the account anew); mailboxStored says its mailbox settings were
// already stored.
func storeUnchanged(ctx context.Context, st any, a *paceline.Account, mailboxStored bool) error {
	us, ok := st.(unchangedStore)
	if !ok {
		return paceline.Errorf(paceline.EINTERNAL, "this store cannot update account %s only if it is unchanged", a.Name)
	}
	err := us.UpdateAccountUnchanged(ctx, a)
	var pe *paceline.Error
	if !errors.As(err, &pe) || pe.Code != paceline.ECONFLICT || pe.Field != "" {
		return err // written, or another error (a name taken has its Field)
	}
	if mailboxStored {
		return paceline.Errorf(paceline.ECONFLICT,
			"account %s changed while it was being updated (another command paused or resumed it, counted its connections or changed its settings): its mailbox settings were stored, its other settings were not; run the command again to store them",
			a.Name)
	}
	return err
}
