package paceline

import "time"

// EventKind is something that happened to a lead or an account that the engine and
// the Pacer react to.
type EventKind string

// The event kinds (DESIGN.md §4).
const (
	EventAccepted   EventKind = "accepted"     // a lead accepted our invite
	EventDeclined   EventKind = "declined"     // a lead declined (or ignored until withdrawn)
	EventReplied    EventKind = "replied"      // a lead answered on any channel
	EventBounced    EventKind = "bounced"      // an email bounced
	EventOptedOut   EventKind = "opted_out"    // a lead asked not to be contacted
	EventWithdrawn  EventKind = "withdrawn"    // we withdrew a pending invite
	EventWarning    EventKind = "warning"      // the platform warned the account
	EventLimitHit   EventKind = "limit_notice" // "weekly limit reached" for one kind
	EventRestricted EventKind = "restricted"   // the account is restricted for a while
	// EventConnected: the lead is connected to the account without having accepted an
	// invite of ours (a connection from before paceline, or one the lead asked for), as
	// LinkedIn's archive shows. Stores count it among the account's connections, so a
	// campaign messages the lead instead of inviting it, and the engine connects the
	// lead's enrollment on the account; it is no accept, so the Pacer's acceptance rate,
	// its pending invites, the connection count and the funnels leave it out.
	EventConnected EventKind = "connected"
)

// Event is one observed fact. Account-level events (warning, limit_notice, restricted)
// have no Lead; Kind says which action kind a limit notice or warning is about.
type Event struct {
	ID      int64
	Key     string // dedupe key: the same observation delivered twice is stored once
	At      time.Time
	Account string
	Lead    string
	Type    EventKind
	Kind    ActionKind // the action kind concerned, when there is one
	// Until is when a restriction ends, when the platform said so.
	Until time.Time
}

// Validate checks what every store requires of an event, naming the bad field.
func (e *Event) Validate() error {
	switch {
	case e.Account == "":
		return FieldErrorf("account", "is empty (say which account the event concerns)")
	case e.At.IsZero():
		return FieldErrorf("at", "is not set (say when the event happened)")
	case e.Type == "":
		return FieldErrorf("type", "is empty (say what happened, such as accepted or replied)")
	case e.Kind != "" && !e.Kind.Valid():
		return FieldErrorf("kind", "unknown action kind %q", e.Kind)
	}
	return nil
}
