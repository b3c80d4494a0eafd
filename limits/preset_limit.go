package limits

import (
	"fmt"

	"github.com/paceline/paceline"
)

// LinkedInLimit is a number LinkedIn itself sets for an account type, as the preset
// holds it: an override above it asks LinkedIn for more than the seat has, which gets
// the seat restricted (weekly invites and messages) or the action refused (InMail
// credits, personal notes).
type LinkedInLimit struct {
	// Value is the preset's figure, the most the account type allows.
	Value int
	// What says what is counted, as a sentence fragment: "invites per rolling 7 days".
	What string
}

// LinkedInLimit returns LinkedIn's limit on the preset number an override name
// (a kind's weekly cap or one of paceline.LimitNames) replaces, and false for a name
// LinkedIn sets no limit on: the light-touch kinds and the hard daily caps are house
// pacing figures, a paid account's personal notes count against its invites only, and
// a mailbox is no LinkedIn seat.
func (p Preset) LinkedInLimit(name string) (LinkedInLimit, bool) {
	if p.Type == paceline.TypeEmail {
		return LinkedInLimit{}, false
	}
	switch name {
	case string(paceline.KindInvite), string(paceline.KindMessage):
		n, ok := p.Weekly[paceline.ActionKind(name)]
		if !ok || n == Uncapped {
			return LinkedInLimit{}, false
		}
		return LinkedInLimit{n, fmt.Sprintf("%ss per rolling 7 days", name)}, true
	case paceline.LimitInMailMonthly:
		return LinkedInLimit{p.InMailMonthly, "InMail credits a month"}, true
	case paceline.LimitInMailRolloverCap:
		return LinkedInLimit{p.InMailRolloverCap, "InMail credits rolled over"}, true
	case paceline.LimitNoteQuotaMonthly:
		if p.NoteQuotaMonthly == nil {
			return LinkedInLimit{}, false
		}
		return LinkedInLimit{*p.NoteQuotaMonthly, "invites with a personal note a month"}, true
	case paceline.LimitNoteMaxChars:
		return LinkedInLimit{p.NoteMaxChars, "characters in a personal note"}, true
	}
	return LinkedInLimit{}, false
}
