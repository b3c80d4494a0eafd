package limits

import (
	"strings"

	"github.com/paceline/paceline"
)

// ApplyOverrides sets an account's cap overrides on c, as ConfigFor does with a
// stored account's: caps replace the weekly cap of their kind (paceline.Account.Caps)
// and named the limit of that name (paceline.Account.Limits: InMail credits, the note quota
// and length, daily_<kind> caps). Nil maps change nothing; a limit of no known name
// is ignored. It does not validate c: call c.Validate after.
func (c *Config) ApplyOverrides(caps map[paceline.ActionKind]int, named map[string]int) {
	for k, n := range caps {
		if k.Valid() {
			c.Weekly[k.Index()] = n
		}
	}
	for name, n := range named {
		switch name {
		case paceline.LimitInMailMonthly:
			c.InMailMonthly = n
		case paceline.LimitInMailRolloverCap:
			c.InMailRolloverCap = n
		case paceline.LimitNoteQuotaMonthly:
			c.NoteQuotaMonthly = n
		case paceline.LimitNoteMaxChars:
			c.NoteMaxChars = n
		default:
			if k, ok := strings.CutPrefix(name, paceline.LimitDailyPrefix); ok && paceline.ActionKind(k).Valid() {
				c.Daily[paceline.ActionKind(k).Index()] = n
			}
		}
	}
}
