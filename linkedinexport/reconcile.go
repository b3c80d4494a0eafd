package linkedinexport

import (
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// Options steer Reconcile and Match.
type Options struct {
	// Account is the paceline account the archive belongs to; every event and action
	// carries it and its dedupe key includes it.
	Account string
	// Owner is the archive owner's profile key, which tells their messages from the
	// leads'. When zero it is read off the archive (see findOwner).
	Owner lead.Key
	// OwnerName is the owner's name as LinkedIn shows it: messages without a sender
	// URL are told apart by it.
	OwnerName string
	// Location is the owner's time zone, in which LinkedIn writes the local dates of
	// Connections.csv and Invitations.csv; nil means UTC.
	Location *time.Location
	// Leads finds the leads paceline knows.
	Leads Directory
	// InviteWindow is how far apart an archive invite and a ledger invite to the same
	// lead may be and still be one invite (a task marked done some hours after it
	// was sent by hand). Zero means DefaultInviteWindow.
	InviteWindow time.Duration
}

// DefaultInviteWindow is the InviteWindow used when none is given.
const DefaultInviteWindow = 36 * time.Hour

// Result is what an archive says happened, ready for the ledger and the event store.
type Result struct {
	// Owner is the archive owner's profile key, as given or as read off the archive.
	Owner lead.Key `json:"-"`
	// Invites are outgoing invites to known leads that the ledger does not hold: sent
	// by hand or outside paceline, they count against the account's allowance.
	Invites []paceline.Action `json:"-"`
	// Events are the accepted, connected (EventConnected) and replied events, oldest
	// first.
	Events []paceline.Event `json:"-"`
	// Unmatched are the rows that gave nothing, in file and line order.
	Unmatched []Unmatched `json:"unmatched"`
	Counts    Counts      `json:"counts"`
	// LastConnectedOn is the newest Connected On day of Connections.csv, matched or
	// not (zero when no row has a readable date): the archive's count of connections
	// (Counts.Connections) is true at least up to that day.
	LastConnectedOn time.Time `json:"last_connected_on"`
}

// Counts sum up a Result.
type Counts struct {
	// Rows read from each file, including those that gave nothing.
	Connections int `json:"connections"`
	Invitations int `json:"invitations"`
	Messages    int `json:"messages"`
	// Invites is len(Result.Invites); InvitesInLedger counts outgoing invites to known
	// leads that the ledger already holds.
	Invites         int `json:"invites"`
	InvitesInLedger int `json:"invites_in_ledger"`
	Accepted        int `json:"accepted"`
	// Connected counts known leads connected without an invite of ours before it
	// (EventConnected).
	Connected int `json:"connected"`
	Replied   int `json:"replied"`
	Unmatched int `json:"unmatched"`
}

// Reconcile reads the archive and matches it against the known leads: Read, then
// Match.
func Reconcile(a *Archive, opt Options) (*Result, error) {
	rows, err := Read(a, opt.Location)
	if err != nil {
		return nil, err
	}
	return Match(rows, opt)
}

// EventConnected is paceline.EventConnected, the event an archive gives for a known
// lead already connected to the account without having accepted an invite of ours. At
// is the start of the local day the lead connected (Connections.csv gives no time).
const EventConnected = paceline.EventConnected

// Event and action dedupe keys. They are built from the archive's content and the
// account only, so the same archive read twice (or a later archive repeating the
// same rows) yields the same keys and the store records nothing new.
func acceptedKey(account string, k lead.Key) string {
	return "archive:" + account + ":accepted:" + k.String()
}

func connectedKey(account string, k lead.Key) string {
	return "archive:" + account + ":connected:" + k.String()
}

func repliedKey(account string, k lead.Key, at time.Time) string {
	return "archive:" + account + ":replied:" + k.String() + ":" + at.UTC().Format(time.RFC3339)
}

// inviteKey writes Sent At as the wall-clock time the file gave, which does not
// depend on the time zone the import was run with.
func inviteKey(account string, k lead.Key, sentAt time.Time) string {
	return "archive:" + account + ":invite:" + k.String() + ":" + sentAt.Format("2006-01-02T15:04")
}
