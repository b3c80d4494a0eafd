package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/plural"
	"github.com/spf13/cobra"
)

func (a *app) limitsPlanCmd() *cobra.Command {
	var (
		typ, tz, hours, days, start, created string
		kinds                                []string
		gap                                  time.Duration
		safety                               float64
		count                                int
		note, asJSON, beyondSafe, mailbox    bool
	)
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Show the next slots the Pacer would grant an account, and why each is not earlier",
		Long: `plan answers "if this account had work waiting from --start on, when would it act?":
it lists the next --count slots the Pacer grants and, for each, the constraint that kept
it from being earlier (working hours, spacing, the weekly cap...).

--mailbox plans a LinkedIn seat that has a mailbox of its own (accounts add or update
with --from, --smtp and --imap): it also sends its leads' email steps, 50 a working
day and 250 a week by default, so --kind email gets slots.`,
		Example: `  paceline limits plan --type free --time-zone Europe/Paris --start 2027-03-01 --count 25
  paceline limits plan --type sales-navigator --kind invite --kind message --json
  paceline limits plan --type premium-business --mailbox --kind invite --kind email`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			acct := paceline.Account{Name: "plan", Type: paceline.AccountType(typ), Executor: paceline.ExecutorSim,
				TimeZone: tz, MinGap: gap, Safety: safety, Mailbox: mailbox}
			if typ == "" {
				return paceline.FieldErrorf("type", "is missing (say which account type to plan for, such as --type free)")
			}
			var err error
			if acct.Type, err = paceline.ParseAccountType(typ); err != nil {
				return err
			}
			if acct.Hours, err = paceline.ParseWorkingHours(hours); err != nil {
				return err
			}
			if acct.Days, err = paceline.ParseWorkingDays(days); err != nil {
				return err
			}
			zone, err := paceline.LoadTimeZone(tz)
			if err != nil {
				return err
			}
			from := time.Now()
			if start != "" {
				if from, err = parseDate("start", start, zone); err != nil {
					return err
				}
			}
			if acct.Opened, err = planOpened(created, zone, from, start != ""); err != nil {
				return err
			}
			if err := checkMinGap(gap); err != nil {
				return err
			}
			// Refused as accounts add refuses it: a plan for a gap add would not store
			// shows slots no account can have.
			if err := checkSafeLimits(nil, &acct, true, beyondSafe); err != nil {
				return err
			}
			if count < 1 || count > 100000 {
				return paceline.FieldErrorf("count", "%d is outside 1..100000", count)
			}
			if acct.Type == paceline.TypeEmail {
				// A mailbox sends email only: planned without --kind it plans its
				// email, not the invite it can never send.
				if !cmd.Flags().Changed("kind") {
					kinds = []string{string(paceline.KindEmail)}
				}
				if mailbox {
					fmt.Fprintf(a.stderr, "note: --mailbox is for a LinkedIn seat with a mailbox of its own; an email account is a mailbox already, planned as one.\n")
				}
			}
			var reqs []limits.Request
			for _, s := range kinds {
				k, err := paceline.ParseActionKind(s)
				if err != nil {
					return &paceline.Error{Code: paceline.EINVALID, Field: "kind", Message: paceline.ErrorMessage(err)}
				}
				reqs = append(reqs, limits.Request{Kind: k, Note: note && k == paceline.KindInvite})
			}
			cfg, err := limits.ConfigFor(&acct)
			if err != nil {
				return err
			}
			if err := checkPlanKinds(&cfg, reqs); err != nil {
				return err
			}
			p, err := limits.New(cfg, from)
			if err != nil {
				return err
			}
			slots := p.Plan(from, reqs, count)
			if asJSON {
				return writeJSON(a.stdout, struct {
					Type     paceline.AccountType `json:"type"`
					Mailbox  bool                 `json:"mailbox,omitempty"`
					Schedule string               `json:"schedule"`
					Start    time.Time            `json:"start"`
					Slots    []limits.Slot        `json:"slots"`
				}{acct.Type, mailbox && acct.Type != paceline.TypeEmail, cfg.Schedule.String(), from.UTC(), slots})
			}
			loc := cfg.Schedule.Location
			what := string(acct.Type) + " account"
			if mailbox && acct.Type != paceline.TypeEmail {
				what += " with a mailbox of its own"
			}
			article := "a"
			if acct.Type == paceline.TypeEmail {
				article = "an"
			}
			fmt.Fprintf(a.stdout, "Plan for %s %s working %s, from %s\n\n", article, what, cfg.Schedule, from.In(loc).Format("Mon 2 Jan 2006 15:04"))
			w := newTable(a.stdout)
			fmt.Fprintf(w, "#\tSLOT (%s)\tKIND\tNOT EARLIER BECAUSE\n", loc)
			for i, s := range slots {
				why := s.Explain
				if s.Why == limits.ReasonNone {
					why = "nothing held it back"
				}
				fmt.Fprintf(w, "%d\t%s\t%s\t%s\n", i+1, s.At.In(loc).Format("Mon 2 Jan 15:04:05"), s.Kind, why)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			if len(slots) < count {
				fmt.Fprintf(a.stdout, "\nOnly %s: no requested kind can act after the last one.\n", plural.Count(len(slots), "slot"))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&typ, "type", "", "account `type`: "+typeNames()+" (required)")
	f.StringVar(&tz, "time-zone", "UTC", "IANA time zone of the account")
	f.StringVar(&hours, "working-hours", "09:00-18:00", "daily working window")
	f.StringVar(&days, "working-days", "mon-fri", "working days")
	f.DurationVar(&gap, "min-gap", paceline.DefaultMinGap, "minimum gap between two actions")
	f.Float64Var(&safety, "safety", limits.DefaultSafety, "fraction of each cap to use, (0, 1], as accounts add's --safety")
	f.StringVar(&start, "start", "", "start of the plan: YYYY-MM-DD (local midnight) or RFC 3339 (default: now)")
	f.StringVar(&created, "created", "", "day the LinkedIn account was opened, as `YYYY-MM-DD` (local midnight in --time-zone), for warm-up")
	f.BoolVar(&beyondSafe, beyondSafeFlag, false, "plan with a --min-gap under 30s, as accounts add allows with it")
	f.StringArrayVar(&kinds, "kind", []string{"invite"}, "action `kind` to plan: "+kindNames()+" (repeatable; email for --type email)")
	f.IntVar(&count, "count", 20, "number of slots")
	f.BoolVar(&note, "note", false, "invites carry a personal note (uses the monthly note quota)")
	f.BoolVar(&mailbox, "mailbox", false, "plan a LinkedIn seat with a mailbox of its own, which also sends email steps (a mailbox's email allowance)")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// parseDate reads YYYY-MM-DD (midnight in loc) or an RFC 3339 instant.
func parseDate(field, s string, loc *time.Location) (time.Time, error) {
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, paceline.FieldErrorf(field, "%q is not a date (write 2027-03-01 or 2027-03-01T09:00:00Z)", s)
}

// kindNames lists the action kinds as --kind takes them.
func kindNames() string {
	names := make([]string, len(paceline.ActionKinds))
	for i, k := range paceline.ActionKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}
