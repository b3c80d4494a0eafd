package paceline

import (
	"fmt"
	"strings"
)

// ActionKind is something an account does that LinkedIn (or a mailbox) counts.
type ActionKind string

// The action kinds. Invites, messages and InMails have weekly or monthly allowances;
// the light-touch kinds (visit, follow, like, endorse) are paced but uncapped by default.
const (
	KindInvite             ActionKind = "invite"               // connection request, with or without a note
	KindMessage            ActionKind = "message"              // message to a 1st-degree connection
	KindInMail             ActionKind = "inmail"               // paid message to a non-connection
	KindOpenProfileMessage ActionKind = "open_profile_message" // free message to an Open Profile member
	KindWithdraw           ActionKind = "withdraw"             // withdraw a pending invite
	KindVisit              ActionKind = "visit"                // view a profile
	KindFollow             ActionKind = "follow"               // follow a member
	KindLikePost           ActionKind = "like_post"            // react to a recent post
	KindEndorse            ActionKind = "endorse"              // endorse a skill
	KindEmail              ActionKind = "email"                // an email from a mailbox account
)

// ActionKinds lists every kind in a stable order, for output and iteration.
var ActionKinds = []ActionKind{
	KindInvite, KindMessage, KindInMail, KindOpenProfileMessage, KindWithdraw,
	KindVisit, KindFollow, KindLikePost, KindEndorse, KindEmail,
}

// NumActionKinds is the number of action kinds; Index maps a kind into [0, NumActionKinds).
const NumActionKinds = 10

// Index returns the kind's position in ActionKinds, or -1 for an unknown kind. Hot paths
// use it to keep per-kind state in arrays instead of maps.
func (k ActionKind) Index() int {
	switch k {
	case KindInvite:
		return 0
	case KindMessage:
		return 1
	case KindInMail:
		return 2
	case KindOpenProfileMessage:
		return 3
	case KindWithdraw:
		return 4
	case KindVisit:
		return 5
	case KindFollow:
		return 6
	case KindLikePost:
		return 7
	case KindEndorse:
		return 8
	case KindEmail:
		return 9
	}
	return -1
}

// Valid reports whether k is one of the known kinds.
func (k ActionKind) Valid() bool { return k.Index() >= 0 }

// ParseActionKind reads a kind name as a user types it ("invite", "open-profile-message").
func ParseActionKind(s string) (ActionKind, error) {
	k := ActionKind(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_"))
	if !k.Valid() {
		return "", Errorf(EINVALID, "unknown action kind %q (want one of %s)", s, kindList())
	}
	return k, nil
}

func kindList() string {
	names := make([]string, len(ActionKinds))
	for i, k := range ActionKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// String returns the kind's name.
func (k ActionKind) String() string { return string(k) }

var _ fmt.Stringer = KindInvite
