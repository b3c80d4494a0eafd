package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
	"github.com/spf13/cobra"
)

func (a *app) accountsListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the accounts",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, ok, err := a.accountReaderIfExists(cmd.Context())
			if err != nil {
				return err
			}
			if !ok {
				// As campaigns and tokens list: a missing file is a wrong --db (or the
				// demo's file next to it), not a database with no account in it.
				return a.noDatabase(a.accountFirst())
			}
			defer s.Close()
			list, err := s.Accounts(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				views := make([]accountView, 0, len(list))
				for _, acc := range list {
					views = append(views, viewAccount(acc))
				}
				return writeJSON(a.stdout, views)
			}
			if len(list) == 0 {
				fmt.Fprintf(a.stdout, "No accounts in %s yet: add one with paceline accounts add --name NAME --type TYPE.\n", a.shownDB())
				return nil
			}
			return writeAccountTable(a.stdout, list)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	return cmd
}

func (a *app) accountsShowCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "Show every setting of one account",
		Args:  exactArgs(1, "an account NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, ok, err := a.accountReaderIfExists(cmd.Context())
			if err != nil {
				return err
			}
			if !ok {
				return a.noDatabase(fmt.Sprintf("add the account %q first (paceline accounts add --db %s --name %s --type TYPE)",
					args[0], shellword.Quote(a.dbPath), shellword.Quote(args[0])))
			}
			defer s.Close()
			acc, err := s.Account(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return a.printAccount(cmd.Context(), s, acc, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON object")
	return cmd
}

// accountView is an account as scripts read it: every setting in the form the flags of
// accounts add take, so that output can be fed back.
type accountView struct {
	Name         string         `json:"name"`
	Type         string         `json:"type"`
	Executor     string         `json:"executor"`
	State        string         `json:"state"`
	TimeZone     string         `json:"time_zone"`
	WorkingHours string         `json:"working_hours"`
	WorkingDays  string         `json:"working_days"`
	MinGap       string         `json:"min_gap"`
	Safety       float64        `json:"safety"`
	Caps         map[string]int `json:"caps"`
	Opened       *string        `json:"opened"`
	SenderName   string         `json:"sender_name"`
	// Connections is the known count of first-degree connections, true at
	// ConnectionsAt (null when never told).
	Connections   int        `json:"connections"`
	ConnectionsAt *time.Time `json:"connections_at"`
	// InMailCredits is the InMail balance LinkedIn last showed the account, true at
	// InMailCreditsAt (accounts update --inmail-credits, or the credits a type change
	// started it at); both are left out when never told.
	InMailCredits   *int       `json:"inmail_credits,omitempty"`
	InMailCreditsAt *time.Time `json:"inmail_credits_at,omitempty"`
	CreatedAt       time.Time  `json:"created_at"`
	// HasMailbox says the account has mailbox settings: a mailbox account, or a
	// LinkedIn account that sends its own leads' email steps.
	HasMailbox bool `json:"has_mailbox"`
}

func viewAccount(acc *paceline.Account) accountView {
	v := accountView{
		Name:         acc.Name,
		Type:         string(acc.Type),
		Executor:     acc.Executor,
		HasMailbox:   acc.Mailbox,
		State:        string(acc.State),
		TimeZone:     acc.TimeZone,
		WorkingHours: acc.Hours.String(),
		WorkingDays:  acc.Days.String(),
		MinGap:       acc.MinGap.String(),
		Safety:       acc.Safety,
		Caps:         map[string]int{},
		SenderName:   acc.SenderName,
		CreatedAt:    acc.CreatedAt.UTC(),
	}
	for _, o := range paceline.AccountOverrides(acc) {
		v.Caps[o.Name] = o.Value
	}
	if !acc.Opened.IsZero() {
		d := openedDay(acc)
		v.Opened = &d
	}
	if !acc.ConnectionsAt.IsZero() {
		at := acc.ConnectionsAt.UTC()
		v.Connections, v.ConnectionsAt = acc.Connections, &at
	}
	if !acc.InMailCreditsAt.IsZero() {
		n, at := acc.InMailCredits, acc.InMailCreditsAt.UTC()
		v.InMailCredits, v.InMailCreditsAt = &n, &at
	}
	return v
}

func writeAccountTable(w io.Writer, list []*paceline.Account) error {
	tw := newTable(w)
	fmt.Fprintln(tw, "NAME\tTYPE\tEXECUTOR\tSTATE\tSCHEDULE\tCAPS")
	for _, acc := range list {
		executor := acc.Executor
		if acc.Mailbox && acc.Executor != paceline.ExecutorEmail {
			executor += " + mailbox" // a LinkedIn seat that sends its leads' emails too
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s %s %s\t%s\n", acc.Name, acc.Type, executor, acc.State,
			acc.Days, acc.Hours, acc.TimeZone, capsText(acc))
	}
	return tw.Flush()
}

func writeAccount(w io.Writer, acc *paceline.Account) error {
	opened := "unknown (treated as an established account)"
	if !acc.Opened.IsZero() {
		opened = openedText(acc)
	}
	tw := newTable(w)
	for _, row := range [][2]string{
		{"name", acc.Name},
		{"type", string(acc.Type)},
		{"executor", acc.Executor},
		{"state", string(acc.State)},
		{"time zone", acc.TimeZone},
		{"working hours", acc.Hours.String()},
		{"working days", acc.Days.String()},
		{"min gap", acc.MinGap.String()},
		{"safety", strconv.FormatFloat(acc.Safety, 'g', -1, 64)},
		{"caps", capsText(acc)},
		{"opened", opened},
		{"connections", connectionsText(acc)},
		{"InMails", inmailBalanceText(acc)},
		{"own mailbox", ownMailboxText(acc)},
		{"signs as", cmpOr(acc.SenderName, "(no name: {{sender_first_name}} renders its default)")},
		{"created at", acc.CreatedAt.UTC().Format("2006-01-02 15:04:05 MST")},
	} {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	return tw.Flush()
}

// capsText lists the overrides in a fixed order, or says that presets apply.
func capsText(acc *paceline.Account) string {
	var parts []string
	for _, o := range paceline.AccountOverrides(acc) {
		parts = append(parts, fmt.Sprintf("%s=%d", o.Name, o.Value))
	}
	if len(parts) == 0 {
		return "preset"
	}
	return strings.Join(parts, ",")
}

// inmailBalanceText says what accounts show knows of the account's InMail balance, as
// connectionsText does of its connections.
func inmailBalanceText(acc *paceline.Account) string {
	if acc.Executor == paceline.ExecutorEmail || acc.Type == paceline.TypeEmail {
		return "none (a mailbox sends no InMail)"
	}
	if !acc.InMailCreditsAt.IsZero() {
		return fmt.Sprintf("%d credits as of %s", acc.InMailCredits, acc.InMailCreditsAt.UTC().Format("2006-01-02 15:04 MST"))
	}
	if cr, err := inmailCredits(acc); err == nil && cr.Monthly <= 0 && cr.RolloverCap <= 0 {
		return fmt.Sprintf("none (a %s account has no InMail credits)", acc.Type)
	}
	return "balance not told (the pacer starts from the type's monthly credits at the start of its history; set it with paceline accounts update " +
		shellword.Quote(acc.Name) + " --inmail-credits N)"
}

// ownMailboxText says whether the account has a mailbox of its own: a LinkedIn seat
// with one sends its leads' email steps too.
func ownMailboxText(acc *paceline.Account) string {
	switch {
	case acc.Executor == paceline.ExecutorEmail || acc.Type == paceline.TypeEmail:
		return "it is a mailbox (settings below)"
	case acc.Mailbox:
		return "yes: it sends its leads' email steps too (settings below)"
	}
	return "no: it sends no email (give it one with paceline accounts update " + shellword.Quote(acc.Name) + " --from ... --smtp ...; docs/email.md)"
}
