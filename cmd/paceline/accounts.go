package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/spf13/cobra"
)

// The usage of the schedule and pacing flags accounts add and accounts update share.
const (
	timeZoneUsage     = "IANA time `zone` the working hours are in, such as Europe/Paris"
	workingHoursUsage = "daily window for actions, as `HH:MM-HH:MM`"
	workingDaysUsage  = "working `days`, such as mon-fri or mon,wed,fri"
	minGapUsage       = "smallest pause between two actions, a `duration` such as 90s or 2m"
	safetyUsage       = "`fraction` of each cap to use, in (0, 1]; 0.8 leaves 20% spare"
)

func (a *app) accountsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "accounts",
		Short: "Manage sending accounts",
		Long: `An account is one LinkedIn seat or one mailbox (--executor email): its type selects the preset
allowances, its schedule says when it may act, and its overrides adjust the presets.`,
	}
	update := a.accountsUpdateCmd()
	a.warnLightTouchAfterUpdate(update)
	a.warnMailboxAfterUpdate(update)
	cmd.AddCommand(a.accountsAddCmd(), a.accountsListCmd(), a.accountsShowCmd(), update, a.accountsPauseCmd(),
		a.accountsResumeCmd(), a.accountsSignCmd(), a.accountsConnectionsCmd())
	return cmd
}

// capUsage is the help of --cap, on accounts add and update.
const capUsage = "override a preset number as `name=N`: a weekly cap (invite=80), a 24-hour cap (daily_invite=25), inmail_monthly, inmail_rollover_cap, note_quota_monthly, note_max_chars; name=preset drops the override (repeatable)"

// accountFlags are the settings of an account as typed on accounts add or update; they
// are all parsed and checked before the database is touched.
type accountFlags struct {
	name, typ, timeZone, hours, days, minGap, safety, created, executor, sender string
	connections, inmailCredits                                                  string
	caps                                                                        []string
	json                                                                        bool
	// beyondSafe lets caps above LinkedIn's limits and a gap under minGapFloor through.
	beyondSafe bool
	mail       mailFlags
	// withMailbox says a mailbox flag was given to accounts add: a LinkedIn account
	// is then created with a mailbox of its own.
	withMailbox bool
}

func (a *app) accountsAddCmd() *cobra.Command {
	var f accountFlags
	cmd := &cobra.Command{
		Use:   "add --name NAME --type TYPE [flags]",
		Short: "Add a sending account",
		Example: `  paceline accounts add --name alice-free --type free
  paceline accounts add --name bob --type sales-navigator --time-zone Europe/Paris \
      --working-hours 08:30-17:30 --cap invite=120 --safety 0.8 --created 2025-11-03
  SMTP_PW=... IMAP_PW=... paceline accounts add --name ann-mail --executor email \
      --from 'Ann Example <ann@example.com>' --smtp smtps://ann@example.com@smtp.example.com:465 \
      --imap imaps://ann@example.com@imap.example.com:993 --smtp-password-env SMTP_PW \
      --imap-password-env IMAP_PW --footer-address '1 Main St, Springfield' --public-url https://pl.example.com`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f.withMailbox = f.mail.given(cmd.Flags()) != ""
			acc, err := f.account(time.Now())
			if err != nil {
				return err
			}
			if acc.Executor == paceline.ExecutorEmail || f.withMailbox {
				return a.addMailbox(cmd.Context(), &f.mail, acc, f.json)
			}
			return a.withAppStore(cmd.Context(), false, func(s appStore) error {
				if err := dateConnections(cmd.Context(), s, acc); err != nil {
					return err
				}
				if err := dateInMailCredits(cmd.Context(), s, acc); err != nil {
					return err
				}
				if err := s.CreateAccount(cmd.Context(), acc); err != nil {
					return err
				}
				warnLightTouch(a.stderr, acc)
				if f.json {
					return writeJSON(a.stdout, viewAccount(acc))
				}
				fmt.Fprintf(a.stdout, "Created account %s in %s.\n", acc.Name, a.shownDB())
				return writeAccount(a.stdout, acc)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.name, "name", "", "short unique `name` of the account, such as alice-free (required)")
	fl.StringVar(&f.typ, "type", "", "LinkedIn account `type`: "+typeNames()+" (required; an email account's is email)")
	fl.StringVar(&f.timeZone, "time-zone", "UTC", timeZoneUsage)
	fl.StringVar(&f.hours, "working-hours", paceline.DefaultWorkingHours.String(), workingHoursUsage)
	fl.StringVar(&f.days, "working-days", paceline.DefaultWorkingDays.String(), workingDaysUsage)
	fl.StringVar(&f.minGap, "min-gap", paceline.DefaultMinGap.String(), minGapUsage)
	fl.StringVar(&f.safety, "safety", defaultSafety, safetyUsage)
	fl.StringArrayVar(&f.caps, "cap", nil, capUsage)
	fl.BoolVar(&f.beyondSafe, beyondSafeFlag, false, beyondSafeUsage)
	fl.StringVar(&f.created, "created", "", "day the LinkedIn account was opened, as `YYYY-MM-DD` (local midnight in --time-zone), for warm-up (omit for an established account)")
	fl.StringVar(&f.executor, "executor", paceline.ExecutorSim, "`executor` that carries out the actions: sim, assist, agent or email (email needs --from, --smtp and --imap)")
	fl.StringVar(&f.sender, "sender-name", "", "first `name` the account's messages are signed with ({{sender_first_name}} in a sequence)")
	fl.StringVar(&f.connections, "connections", "", "number `N` of first-degree connections the account has now (LinkedIn refuses invites at 30000; omit to count from 0)")
	fl.StringVar(&f.inmailCredits, "inmail-credits", "", inmailCreditsUsage)
	fl.BoolVar(&f.json, "json", false, "print the created account as JSON")
	f.mail.register(fl)
	return cmd
}

// account turns the flags into a valid account or the error of the first bad flag,
// named as the user typed it. now bounds --created.
func (f *accountFlags) account(now time.Time) (*paceline.Account, error) {
	acc := &paceline.Account{
		Name:     strings.TrimSpace(f.name),
		Executor: strings.TrimSpace(f.executor),
		State:    paceline.AccountActive,
		Mailbox:  f.withMailbox,
	}
	if acc.Name == "" {
		return nil, paceline.FieldErrorf("name", "is missing (give the account a short name with --name, such as alice-free)")
	}
	// The name as typed: a space at either end is refused, not trimmed away, so that
	// the account is called what the user will type.
	if err := paceline.CheckAccountName(f.name); err != nil {
		return nil, err
	}
	if err := checkName("name", "account", acc.Name); err != nil {
		return nil, err
	}
	// Every setting is "given" on add: a flag left out sets its default.
	if err := f.apply(acc, func(string) bool { return true }, now); err != nil {
		return nil, err
	}
	if strings.TrimSpace(f.connections) != "" {
		if acc.Executor == paceline.ExecutorEmail {
			return nil, paceline.FieldErrorf("connections", "is only for a LinkedIn account: a mailbox has no connections")
		}
		var err error
		if acc.Connections, err = parseConnections(f.connections); err != nil {
			return nil, err
		}
		acc.ConnectionsAt = now.UTC()
	}
	if strings.TrimSpace(f.inmailCredits) != "" {
		if err := setInMailCredits(acc, f.inmailCredits, now); err != nil {
			return nil, err
		}
	}
	if err := acc.Validate(); err != nil {
		return nil, err
	}
	if err := checkSafeLimits(nil, acc, true, f.beyondSafe); err != nil {
		return nil, err
	}
	return acc, nil
}

// apply sets on acc the settings whose flags given reports: every one on add (a flag
// left out sets its default), only those typed on accounts update, which keeps the rest
// of the stored account. A --cap adds to acc's overrides or, as NAME=preset, drops one.
// acc.Executor must be set: it decides which types are allowed.
func (f *accountFlags) apply(acc *paceline.Account, given func(flag string) bool, now time.Time) error {
	var err error
	if given("type") {
		if acc.Type, err = f.accountType(acc.Executor); err != nil {
			return err
		}
	}
	if given("time-zone") {
		acc.TimeZone = strings.TrimSpace(f.timeZone)
		if _, err := paceline.LoadTimeZone(acc.TimeZone); err != nil {
			return err
		}
	}
	if given("working-hours") {
		if acc.Hours, err = paceline.ParseWorkingHours(f.hours); err != nil {
			return err
		}
	}
	if given("working-days") {
		if acc.Days, err = paceline.ParseWorkingDays(f.days); err != nil {
			return err
		}
	}
	if given("min-gap") {
		if acc.MinGap, err = time.ParseDuration(strings.TrimSpace(f.minGap)); err != nil {
			return paceline.FieldErrorf("min-gap", "%q is not a duration (write it like 90s or 2m)", f.minGap)
		}
		if err := checkMinGap(acc.MinGap); err != nil {
			return err
		}
	}
	if given("safety") {
		if acc.Safety, err = parseSafety(f.safety); err != nil {
			return err
		}
	}
	if given("cap") {
		caps, err := parseCaps(f.caps)
		if err != nil {
			return err
		}
		caps.applyTo(acc)
	}
	if err := checkCapsForType(acc.Type, acc.Mailbox, acc.Caps, acc.Limits); err != nil {
		return err
	}
	if given("created") {
		// The day is read in the account's zone, set above when this command gives
		// --time-zone, else the stored one. A --time-zone without --created keeps the
		// stored instant: the account was opened when it was, wherever it works now.
		loc, err := paceline.LoadTimeZone(acc.TimeZone)
		if err != nil {
			return err
		}
		if acc.Opened, err = parseOpened(f.created, loc, now); err != nil {
			return err
		}
	}
	if given("sender-name") {
		acc.SenderName = strings.TrimSpace(f.sender)
	}
	return nil
}

// presetCap is the value of --cap NAME=preset: it drops the account's override, so the
// type's preset applies again.
const presetCap = "preset"

// capFlags is what the --cap flags say: overrides to set, and the names given as
// NAME=preset, whose override is dropped.
type capFlags struct {
	caps   map[paceline.ActionKind]int
	limits map[string]int
	preset []string
}

// applyTo sets the overrides on acc and drops those given as NAME=preset.
func (c capFlags) applyTo(acc *paceline.Account) {
	if acc.Caps == nil {
		acc.Caps = map[paceline.ActionKind]int{}
	}
	if acc.Limits == nil {
		acc.Limits = map[string]int{}
	}
	for _, name := range c.preset {
		delete(acc.Caps, paceline.ActionKind(name))
		delete(acc.Limits, name)
	}
	for k, n := range c.caps {
		acc.Caps[k] = n
	}
	for name, n := range c.limits {
		acc.Limits[name] = n
	}
}

// parseCaps reads repeated name=N overrides: a kind's weekly cap (invite=80) or another
// preset number (daily_invite=25, inmail_monthly=20, note_quota_monthly=10,
// note_max_chars=300); name=preset drops the override. A name given twice is an error
// rather than a silent "last one wins".
func parseCaps(specs []string) (capFlags, error) {
	c := capFlags{caps: map[paceline.ActionKind]int{}, limits: map[string]int{}}
	seen := map[string]bool{}
	for _, spec := range specs {
		name, num, ok := strings.Cut(spec, "=")
		if !ok {
			return capFlags{}, paceline.FieldErrorf("cap", "%q is not kind=N (write it like --cap invite=80)", spec)
		}
		name = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "-", "_")
		kind, err := paceline.ParseActionKind(name)
		if err != nil && !paceline.ValidLimitName(name) {
			return capFlags{}, paceline.FieldErrorf("cap", "%s, or one of %s", paceline.ErrorMessage(err), strings.Join(paceline.LimitNames(), ", "))
		}
		if seen[name] {
			return capFlags{}, paceline.FieldErrorf("cap", "%s is given twice", name)
		}
		seen[name] = true
		if strings.EqualFold(strings.TrimSpace(num), presetCap) {
			c.preset = append(c.preset, name)
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(num))
		if err != nil {
			return capFlags{}, paceline.FieldErrorf("cap", "%q: %q is not a whole number (or preset, to drop the override)", spec, num)
		}
		if n < 0 {
			return capFlags{}, paceline.FieldErrorf("cap", "%q is negative (0 forbids the kind, %s=preset or no --cap keeps the preset)", spec, name)
		}
		if kind.Valid() {
			c.caps[kind] = n
		} else {
			c.limits[name] = n
		}
	}
	return c, nil
}

// linkedInOpened is the day LinkedIn launched: no account was opened before it, so an
// earlier --created is a typo (1800 for 2018), not an old account.
var linkedInOpened = time.Date(2003, time.May, 5, 0, 0, 0, 0, time.UTC)

// parseOpened reads --created, the day the LinkedIn account was opened, as local
// midnight in loc, the account's time zone, for accounts add, accounts update and
// limits plan alike. The Pacer takes Opened as an instant, so a UTC midnight ended a
// New York account's warm-up weeks 5 hours before limits plan said. The day must not
// be after now nor before LinkedIn opened; empty means unknown (an established account).
func parseOpened(s string, loc *time.Location, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return time.Time{}, paceline.FieldErrorf("created", "%q is not a date (write it like 2025-11-03)", s)
	}
	if d.After(now) {
		return time.Time{}, paceline.FieldErrorf("created", "%s is in the future (give the day the LinkedIn account was opened)", s)
	}
	// LinkedIn's launch is a day, not an instant in some zone.
	if time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC).Before(linkedInOpened) {
		return time.Time{}, paceline.FieldErrorf("created", "%s is before LinkedIn opened on %s (give the day the account was opened, or leave --created out for an established account)", s, linkedInOpened.Format(time.DateOnly))
	}
	return d, nil
}

func typeNames() string {
	names := make([]string, len(paceline.AccountTypes))
	for i, t := range paceline.AccountTypes {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}

// dateConnections dates a connection count given to accounts add by the database's
// clock, which the ledger's acceptances are in (as accounts connections dates it):
// those before it are in the count, those after it are added to it.
func dateConnections(ctx context.Context, s appStore, acc *paceline.Account) error {
	if acc.ConnectionsAt.IsZero() {
		return nil
	}
	now, _, err := databaseNow(ctx, s, time.Now())
	if err != nil {
		return err
	}
	acc.ConnectionsAt = now.UTC()
	return nil
}
