package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/executor/email"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/plural"
)

// mailboxCheck says which of mailboxWarnings's checks apply: accounts add makes the
// sender's and the caps' (its output shows what the mailbox lacks), accounts update
// those of the settings it was given.
type mailboxCheck struct {
	// gaps warns of what the mailbox lacks before it may send (api.MailboxGaps).
	gaps bool
	// sender warns of another account that sends from the same address.
	sender bool
	// caps warns of email caps above a mailbox's preset.
	caps bool
}

// mailboxAccounts is what mailboxWarnings reads: the accounts and their mailboxes.
type mailboxAccounts interface {
	paceline.MailboxStore
	Account(ctx context.Context, name string) (*paceline.Account, error)
	Accounts(ctx context.Context) ([]*paceline.Account, error)
}

// mailboxWarnings lists what account acc's mailbox m (nil when none is stored) should be
// warned of, each a sentence without its full stop:
//   - it lacks a postal footer address or a public URL, so it sends nothing: each lead
//     that reaches an email step fails it and is stopped (QA: a seat given a mailbox by
//     accounts update without them said nothing);
//   - another account sends from the same address: the address then sends twice its
//     allowance a day, and two pollers read one inbox (QA: seat ann and mailbox
//     account ann-mail both ann@agency.example);
//   - its email caps are above a mailbox's preset (250 a week, paced at 50 a working
//     day): mail beyond what a domain is warmed up for lands in spam and costs the
//     domain its reputation, for every mailbox on it.
//
// They are warnings, not refusals: a domain warmed up for more, or an inbox shared on
// purpose, is the user's call.
func mailboxWarnings(ctx context.Context, st mailboxAccounts, acc *paceline.Account, m *paceline.MailboxSettings, check mailboxCheck) ([]string, error) {
	var out []string
	if m != nil && check.gaps {
		if gaps := api.MailboxGaps(m); len(gaps) > 0 {
			out = append(out, fmt.Sprintf("%s's mailbox does not send yet: %s; each lead that reaches an email step would fail it and be stopped. Give %s with paceline accounts update %s%s",
				acc.Name, strings.Join(gaps, ", "), plural.Verb(len(gaps), "it", "them"), acc.Name, gapFlags(gaps)))
		}
	}
	if m != nil && check.sender {
		others, err := sameSender(ctx, st, acc.Name, m.From)
		if err != nil {
			return nil, err
		}
		if len(others) > 0 {
			from, _ := email.ParseFrom(m.From)
			out = append(out, fmt.Sprintf("%s sends from %s, as %s already does: the address then sends the email allowance of each account a day, and each account's poller reads the same inbox. Give %s an address of its own (paceline accounts update %s --from ...), or send this address's email steps from one account",
				acc.Name, from.Address, strings.Join(others, ", "), acc.Name, acc.Name))
		}
	}
	if check.caps && (acc.Executor == paceline.ExecutorEmail || acc.Mailbox) {
		out = append(out, emailCapWarnings(acc)...)
	}
	if m != nil && (check.gaps || check.sender) && (acc.Executor == paceline.ExecutorEmail || acc.Mailbox) {
		w, err := spedUpClockWarning(ctx, st, acc)
		if err != nil {
			return nil, err
		}
		if w != "" {
			out = append(out, w)
		}
	}
	return out, nil
}

// spedUpClockWarning warns, when the clock stored in st runs sped up (paceline demo,
// serve --speed), that serve will refuse to run it sped up now that acc has a mailbox,
// which sends real email (onlySimulated, and a running sped-up serve does not start it,
// refuseSpedUp); and that the sped-up run's clock stays ahead of the wall clock (QA
// found nothing that said so).
func spedUpClockWarning(ctx context.Context, st any, acc *paceline.Account) (string, error) {
	cr, ok := st.(clockReader)
	if !ok {
		return "", nil
	}
	speed, _, _, _, stored, err := cr.Clock(ctx)
	if err != nil {
		return "", fmt.Errorf("read the database's clock: %w", err)
	}
	if !stored || speed <= 1 {
		return "", nil
	}
	return fmt.Sprintf("%s's mailbox sends real email, and the clock stored in this database runs %gx (left by paceline demo or serve --speed): paceline serve refuses to run it sped up with a mailbox, and a serve running sped up now does not start it. Serve it with --speed 1; its clock then goes on from the instant the sped-up run reached, which stays ahead of the wall clock from then on (a ledger's time never runs back)",
		acc.Name, speed), nil
}

// gapFlags are the flags that give what api.MailboxGaps found missing.
func gapFlags(gaps []string) string {
	var b strings.Builder
	for _, g := range gaps {
		if strings.Contains(g, "--footer-address") {
			b.WriteString(" --footer-address 'STREET, CITY'")
		} else {
			b.WriteString(" --public-url https://HOST")
		}
	}
	return b.String()
}

// sameSender names the accounts other than name whose stored mailbox sends from the
// address of from (compared without its display name, case-insensitively).
func sameSender(ctx context.Context, st mailboxAccounts, name, from string) ([]string, error) {
	addr, err := email.ParseFrom(from)
	if err != nil {
		return nil, nil // refused where it is set; nothing to compare
	}
	all, err := st.Accounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the accounts to compare their senders: %w", err)
	}
	var same []string
	for _, other := range all {
		if other.Name == name || (other.Executor != paceline.ExecutorEmail && !other.Mailbox) {
			continue
		}
		m, err := st.Mailbox(ctx, other.Name)
		if paceline.ErrorCode(err) == paceline.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("read the mailbox of %s to compare its sender: %w", other.Name, err)
		}
		if o, err := email.ParseFrom(m.From); err == nil && strings.EqualFold(o.Address, addr.Address) {
			same = append(same, other.Name)
		}
	}
	return same, nil
}

// emailCapWarnings warns of acc's email caps above a mailbox's preset: the weekly cap
// (email=N) above its 250, a daily cap (daily_email=N) above the 50 a working day it
// is paced at.
func emailCapWarnings(acc *paceline.Account) []string {
	p := limits.EmailPreset()
	weekly, daily := p.Weekly[paceline.KindEmail], p.DailyTarget[paceline.KindEmail]
	var over []string
	if n, ok := acc.Caps[paceline.KindEmail]; ok && n > weekly {
		over = append(over, fmt.Sprintf("email=%d (a rolling week; the preset is %d)", n, weekly))
	}
	dailyName := paceline.LimitDailyPrefix + string(paceline.KindEmail)
	if n, ok := acc.Limits[dailyName]; ok && n > daily {
		over = append(over, fmt.Sprintf("%s=%d (the preset paces %d a working day)", dailyName, n, daily))
	}
	if len(over) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("%s's %s above a mailbox's preset: mail beyond what its domain is warmed up for lands in spam and costs the domain its reputation, for every mailbox on it. Raise a cap only as the domain's sending reputation allows (--cap email=preset goes back to the preset)",
		acc.Name, capsNamed(over))}
}

// warnMailbox prints mailboxWarnings for acc as warnings on w. Only a warning: a
// failure to read the accounts is reported as such, not as the command's failure.
func warnMailbox(ctx context.Context, w io.Writer, st mailboxAccounts, acc *paceline.Account, m *paceline.MailboxSettings, check mailboxCheck) {
	warnings, err := mailboxWarnings(ctx, st, acc, m, check)
	if err != nil {
		fmt.Fprintf(w, "Warning: could not check %s's mailbox against the other accounts: %v.\n", acc.Name, err)
		return
	}
	for _, s := range warnings {
		fmt.Fprintf(w, "Warning: %s.\n", s)
	}
}

// warnMailboxAfterUpdate wraps accounts update so that, once it has stored mailbox
// settings or caps, it warns of what the stored account's mailbox lacks to send, of
// another account with the same sender and of email caps above the preset
// (mailboxWarnings). It reads the account back: the warnings are about the result,
// whatever the flags left as it was.
func (a *app) warnMailboxAfterUpdate(cmd *cobra.Command) {
	run := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := run(cmd, args); err != nil {
			return err
		}
		given := cmd.Flags().Changed
		settings := givenAny(given, mailboxSettingFlags)
		if !settings && !given("cap") {
			return nil
		}
		_ = a.withAppStore(cmd.Context(), true, func(s appStore) error {
			return a.warnStoredMailbox(cmd.Context(), s, args[0], mailboxCheck{gaps: settings, sender: given("from"), caps: given("cap")})
		})
		return nil
	}
}

// warnStoredMailbox reads account name and its mailbox back from st and warns of what
// check asks (warnMailbox).
func (a *app) warnStoredMailbox(ctx context.Context, st mailboxAccounts, name string, check mailboxCheck) error {
	acc, err := st.Account(ctx, name)
	if err != nil {
		return err
	}
	var m *paceline.MailboxSettings
	if acc.Executor == paceline.ExecutorEmail || acc.Mailbox {
		if m, err = st.Mailbox(ctx, name); err != nil && paceline.ErrorCode(err) != paceline.ENOTFOUND {
			return err
		}
	}
	warnMailbox(ctx, a.stderr, st, acc, m, check)
	return nil
}
