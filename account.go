package paceline

import (
	"context"
	"strings"
	"time"
	"unicode"
)

// DefaultMinGap is the smallest pause between two consecutive actions of one account.
const DefaultMinGap = 90 * time.Second

// MaxMinGap is the longest minimum gap an account may have: the gap spaces the
// actions of a working day, and a day is already more than any working day.
const MaxMinGap = 24 * time.Hour

// MaxConnections is LinkedIn's limit on an account's first-degree connections: it
// accepts no invite beyond it, so no account can know of more.
const MaxConnections = 30000

// MaxInMailCredits is the largest InMail balance an account may be told it has: far
// above any plan's rollover cap (150 on Sales Navigator), with room for bought credits,
// and small enough that no sum of balances overflows.
const MaxInMailCredits = 100000

// AccountState says whether the engine may act for an account.
type AccountState string

// The account states.
const (
	AccountActive AccountState = "active"
	AccountPaused AccountState = "paused"
)

// Executor names say how an account's actions are carried out (DESIGN.md §4).
const (
	ExecutorSim    = "sim"
	ExecutorAssist = "assist"
	ExecutorAgent  = "agent"
	ExecutorEmail  = "email"
)

// Account is one sending seat: a LinkedIn account (or, later, a mailbox) with its type,
// its working schedule and its per-account overrides of the preset allowances.
type Account struct {
	ID       int64
	Name     string
	Type     AccountType
	Executor string
	State    AccountState

	TimeZone string // IANA name
	Hours    WorkingHours
	Days     WorkingDays
	MinGap   time.Duration
	Safety   float64 // fraction of each cap actually used, (0, 1]

	// Caps overrides the preset weekly cap per kind.
	Caps map[ActionKind]int
	// Limits overrides the other preset numbers, by name (see LimitNames): daily hard
	// caps, InMail credits, the note quota and the note length.
	Limits map[string]int
	// Opened is when the LinkedIn account itself was created; the Pacer ramps new
	// accounts up. Zero means an established account.
	Opened time.Time
	// SenderName is the first name the account's messages are signed with: templates
	// read it as {{sender_first_name}}. Empty renders the template's default.
	SenderName string
	// Connections is the account's number of first-degree connections as last known,
	// and ConnectionsAt when that was true (zero when never told). LinkedIn refuses
	// invites at MaxConnections; the Pacer starts from this count and adds only the
	// acceptances after ConnectionsAt, since the ledger holds nothing from before the
	// account came to paceline.
	Connections   int
	ConnectionsAt time.Time
	// InMailCredits is the account's InMail credit balance as LinkedIn last showed it,
	// and InMailCreditsAt when that was true (zero when never told). The Pacer starts
	// from this balance, adds the monthly credits of the months after it (up to the
	// rollover cap) and takes off the InMails sent after it; without one it assumes
	// the type's monthly credits at the start of the account's history. accounts update
	// --type sets it to the new type's monthly credits at the change, as LinkedIn grants
	// them on an upgrade.
	InMailCredits   int
	InMailCreditsAt time.Time
	// Mailbox says the account has mailbox settings of its own (MailboxStore), read
	// with the account: a mailbox account always has them once set up, and a LinkedIn
	// account that has them sends its own leads' email steps too, so one person gets the
	// LinkedIn steps and the email from the same sender. The stores fill it; it is never
	// written through Create or UpdateAccount.
	Mailbox bool

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Schedule returns the account's working schedule, loading its time zone.
func (a *Account) Schedule() (Schedule, error) {
	loc, err := LoadTimeZone(a.TimeZone)
	if err != nil {
		return Schedule{}, err
	}
	return Schedule{Location: loc, Hours: a.Hours, Days: a.Days}, nil
}

// Validate checks the fields a user sets and names the first bad one.
func (a *Account) Validate() error {
	if a.Name == "" {
		return FieldErrorf("name", "is empty (give the account a short name such as alice-free)")
	}
	if len(a.Name) > 100 {
		return FieldErrorf("name", "is longer than 100 characters")
	}
	if !a.Type.Valid() {
		_, err := ParseAccountType(string(a.Type))
		return err
	}
	if _, err := LoadTimeZone(a.TimeZone); err != nil {
		return err
	}
	if a.Hours.End <= a.Hours.Start || a.Hours.Start < 0 || a.Hours.End > 24*60 {
		return FieldErrorf("working-hours", "%s is not a window within one day", a.Hours)
	}
	if a.Days == 0 || a.Days >= 1<<7 {
		return FieldErrorf("working-days", "names no working day")
	}
	if a.MinGap < 0 {
		return FieldErrorf("min-gap", "is negative (%s)", a.MinGap)
	}
	if a.MinGap > MaxMinGap {
		return FieldErrorf("min-gap", "%s is longer than a day; the gap spaces the actions of a working day (90s, 2m, 1h): to act less often, lower the caps instead", a.MinGap)
	}
	if len(a.SenderName) > 50 {
		return FieldErrorf("sender-name", "is longer than 50 characters (give the first name messages are signed with)")
	}
	if strings.ContainsFunc(a.SenderName, unicode.IsControl) {
		return FieldErrorf("sender-name", "has a control character (give the first name on one line)")
	}
	if !(a.Safety > 0 && a.Safety <= 1) {
		return FieldErrorf("safety", "%g is outside (0, 1] (1 uses the whole allowance, 0.8 leaves 20%% spare)", a.Safety)
	}
	if a.Connections < 0 || a.Connections > MaxConnections {
		return FieldErrorf("connections", "%d is not a number of connections LinkedIn allows (give the account's first-degree connections, 0 to %d)", a.Connections, MaxConnections)
	}
	if a.Connections != 0 && a.ConnectionsAt.IsZero() {
		return FieldErrorf("connections", "%d is given without the time it was true (set it with paceline accounts connections NAME N)", a.Connections)
	}
	if a.InMailCredits < 0 || a.InMailCredits > MaxInMailCredits {
		return FieldErrorf("inmail-credits", "%d is not an InMail balance (give the credits LinkedIn shows the account, 0 to %d)", a.InMailCredits, MaxInMailCredits)
	}
	if a.InMailCredits != 0 && a.InMailCreditsAt.IsZero() {
		return FieldErrorf("inmail-credits", "%d is given without the time it was true (set it with paceline accounts update NAME --inmail-credits N)", a.InMailCredits)
	}
	for k, n := range a.Caps {
		if !k.Valid() {
			return FieldErrorf("cap", "unknown action kind %q", k)
		}
		if n < 0 {
			return FieldErrorf("cap", "%s=%d is negative", k, n)
		}
	}
	for name, n := range a.Limits {
		if !ValidLimitName(name) {
			return FieldErrorf("cap", "unknown limit %q (want a kind such as invite, or one of %s)", name, strings.Join(LimitNames(), ", "))
		}
		if n < 0 {
			return FieldErrorf("cap", "%s=%d is negative", name, n)
		}
	}
	switch a.Executor {
	case ExecutorSim, ExecutorAssist, ExecutorAgent, ExecutorEmail:
	default:
		return FieldErrorf("executor", "unknown executor %q (want sim, assist, agent or email)", a.Executor)
	}
	return nil
}

// AccountStore keeps accounts.
//
// Errors: EINVALID for bad fields, ECONFLICT for a duplicate name, ENOTFOUND for a
// missing account.
type AccountStore interface {
	CreateAccount(ctx context.Context, a *Account) error
	UpdateAccount(ctx context.Context, a *Account) error
	Account(ctx context.Context, name string) (*Account, error)
	Accounts(ctx context.Context) ([]*Account, error)
}
