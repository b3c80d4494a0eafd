package linkedinexport

import (
	"io"
	"strings"
	"time"

	"github.com/paceline/paceline/lead"
)

// Direction says who sent an invitation.
type Direction string

// The directions Invitations.csv writes.
const (
	Outgoing Direction = "OUTGOING" // the archive's owner invited someone
	Incoming Direction = "INCOMING" // someone invited the owner
)

// Invitation is one row of Invitations.csv. LinkedIn lists the invitations still
// pending when the archive was made; accepted ones move to Connections.csv.
type Invitation struct {
	Line      int
	From      string
	To        string
	SentAt    time.Time
	Direction Direction
	WithNote  bool // the invitation carried a personal note
	// Inviter and Invitee are the canonical keys of the two sides; the side that is
	// the archive's owner may be zero when its URL is missing.
	Inviter lead.Key
	Invitee lead.Key
}

const (
	invFrom = iota
	invTo
	invSent
	invMessage
	invDirection
	invInviter
	invInvitee
)

var invitationColumns = []column{
	invFrom:      {names: []string{"from"}},
	invTo:        {names: []string{"to"}},
	invSent:      {names: []string{"sent at"}, required: true},
	invMessage:   {names: []string{"message"}},
	invDirection: {names: []string{"direction"}, required: true},
	invInviter:   {names: []string{"inviterprofileurl", "inviter profile url"}, required: true},
	invInvitee:   {names: []string{"inviteeprofileurl", "invitee profile url"}, required: true},
}

// ReadInvitations parses Invitations.csv:
// From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl. Sent At, such
// as "1/29/26, 2:37 PM", is a local time read in loc (nil means UTC). A row whose date,
// direction or other side's profile URL cannot be read is returned as Unmatched.
func ReadInvitations(r io.Reader, file string, loc *time.Location) ([]Invitation, []Unmatched, error) {
	if loc == nil {
		loc = time.UTC
	}
	t, err := newTable(r, file, invitationColumns)
	if err != nil {
		return nil, nil, err
	}
	var rows []Invitation
	var bad []Unmatched
	for {
		ok, err := t.next()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return rows, bad, nil
		}
		if t.blank() {
			continue
		}
		inv := Invitation{
			Line: t.line, From: t.get(invFrom), To: t.get(invTo),
			Direction: Direction(strings.ToUpper(t.get(invDirection))),
			WithNote:  t.get(invMessage) != "",
		}
		var other string // the side that is not the owner: its key must be readable
		var why string
		var cause Cause
		switch inv.Direction {
		case Outgoing:
			other = inv.To
			inv.Inviter, _, _ = profileKey(t.get(invInviter))
			inv.Invitee, cause, why = profileKey(t.get(invInvitee))
		case Incoming:
			other = inv.From
			inv.Invitee, _, _ = profileKey(t.get(invInvitee))
			inv.Inviter, cause, why = profileKey(t.get(invInviter))
		default:
			cause, why = CauseBadRow, "direction "+quote(t.get(invDirection))+" is neither OUTGOING nor INCOMING"
		}
		if why != "" {
			bad = append(bad, Unmatched{file, t.line, cause, subject(other, why)})
			continue
		}
		at, ok := parseDate(t.get(invSent), sentLayouts, loc)
		if !ok {
			bad = append(bad, Unmatched{file, t.line, CauseBadDate, subject(other, "unreadable Sent At date "+quote(t.get(invSent)))})
			continue
		}
		inv.SentAt = at
		rows = append(rows, inv)
	}
}
