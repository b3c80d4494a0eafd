package api

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// AccountUsage is one account with its usage against every cap at an instant.
type AccountUsage struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Executor string `json:"executor"`
	// HasMailbox says the account sends email: a mailbox account, or a LinkedIn
	// account with a mailbox of its own.
	HasMailbox bool            `json:"has_mailbox"`
	State      string          `json:"state"`
	TimeZone   string          `json:"time_zone"`
	Usage      limits.Snapshot `json:"usage"`
	// Mailbox is the account's mailbox when it has one and the store keeps mailbox
	// settings (AddMailboxes); nil otherwise.
	Mailbox *MailboxView `json:"mailbox,omitempty"`
}

// MailboxView is an account's mailbox as the API and the dashboard show it: who it
// sends as and whether it can send. It carries no password and no server: a page
// anyone logged in sees has no use for them.
type MailboxView struct {
	// From is the sender, "Name <addr>".
	From string `json:"from"`
	// Ready says the stored settings let it send. A server that refuses the login or
	// cannot be reached is found only when serve runs it.
	Ready bool `json:"ready"`
	// Problem says, when not Ready, what is missing: the mailbox then sends nothing,
	// and each lead that reaches an email step fails it.
	Problem string `json:"problem,omitempty"`
	// Fix is the command that gives what is missing, when not Ready.
	Fix string `json:"fix,omitempty"`
}

// ViewMailbox describes the stored mailbox settings m of account name (MailboxGaps).
func ViewMailbox(name string, m *paceline.MailboxSettings) *MailboxView {
	v := &MailboxView{From: m.From, Ready: true}
	if gaps := MailboxGaps(m); len(gaps) > 0 {
		v.Ready = false
		v.Problem = "sends nothing: " + strings.Join(gaps, ", ")
		v.Fix = mailboxFixCommand(name, gaps)
	}
	return v
}

// mailboxFixCommand is the accounts update command that gives account name what
// MailboxGaps found missing.
func mailboxFixCommand(name string, gaps []string) string {
	cmd := "paceline accounts update " + name
	for _, g := range gaps {
		if strings.Contains(g, "--footer-address") {
			cmd += " --footer-address 'STREET, CITY'"
		} else {
			cmd += " --public-url https://HOST"
		}
	}
	return cmd
}

// AccountMailbox returns the mailbox of acct as ViewMailbox describes it, or nil when
// it has none or accounts keeps no mailbox settings (it is no paceline.MailboxStore).
func AccountMailbox(ctx context.Context, accounts paceline.AccountStore, acct *paceline.Account) (*MailboxView, error) {
	ms, ok := accounts.(paceline.MailboxStore)
	if !ok || !acct.Mailbox {
		return nil, nil
	}
	m, err := ms.Mailbox(ctx, acct.Name)
	if paceline.ErrorCode(err) == paceline.ENOTFOUND {
		return nil, nil // removed since the account was read
	} else if err != nil {
		return nil, fmt.Errorf("read the mailbox of account %s: %w", acct.Name, err)
	}
	return ViewMailbox(acct.Name, m), nil
}

// AddMailboxes sets HasMailbox and Mailbox (AccountMailbox) on each account of list,
// reading the accounts once more: UsageCache's usages say nothing of mailboxes.
func AddMailboxes(ctx context.Context, accounts paceline.AccountStore, list []AccountUsage) error {
	all, err := accounts.Accounts(ctx)
	if err != nil {
		return fmt.Errorf("read the accounts to show their mailboxes: %w", err)
	}
	byName := make(map[string]*paceline.Account, len(all))
	for _, a := range all {
		byName[a.Name] = a
	}
	for i := range list {
		a := byName[list[i].Name]
		if a == nil {
			continue // removed meanwhile
		}
		list[i].HasMailbox = a.Mailbox
		mb, err := AccountMailbox(ctx, accounts, a)
		if err != nil {
			return err
		}
		list[i].Mailbox = mb
	}
	return nil
}

// Usage replays an account's ledger and events into a Pacer and reports its usage at
// now: the same numbers `paceline limits show` prints.
func Usage(ctx context.Context, h History, acct *paceline.Account, now time.Time) (AccountUsage, error) {
	cfg, err := limits.ConfigFor(acct)
	if err != nil {
		return AccountUsage{}, fmt.Errorf("account %s: %w", acct.Name, err)
	}
	origin, since := limits.ReplayWindow(acct.CreatedAt, now)
	until := now.Add(time.Nanosecond)
	actions, err := h.Actions(ctx, acct.Name, since, until)
	if err != nil {
		return AccountUsage{}, err
	}
	events, err := h.Events(ctx, acct.Name, since, until)
	if err != nil {
		return AccountUsage{}, err
	}
	p, err := limits.Replay(cfg, origin, actions, events)
	if err != nil {
		return AccountUsage{}, fmt.Errorf("account %s: %w", acct.Name, err)
	}
	return AccountUsage{
		Name: acct.Name, Type: string(acct.Type), Executor: acct.Executor, HasMailbox: acct.Mailbox, State: string(acct.State),
		TimeZone: acct.TimeZone, Usage: p.Snapshot(now),
	}, nil
}

// AllUsage reports every account's usage at now, in the store's order.
func AllUsage(ctx context.Context, accounts paceline.AccountStore, h History, now time.Time) ([]AccountUsage, error) {
	list, err := accounts.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]AccountUsage, 0, len(list))
	for _, acct := range list {
		u, err := Usage(ctx, h, acct, now)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}
