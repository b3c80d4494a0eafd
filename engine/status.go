package engine

import (
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// KindStatus says why an account's due steps of one kind have not gone out yet: the
// Pacer's latest answer about them (DESIGN.md §3 point 8: everything is explainable).
type KindStatus struct {
	Kind    paceline.ActionKind `json:"kind"`
	Waiting int                 `json:"waiting"`
	// Next is the earliest instant the next of them may go out; zero when only an
	// event can unblock them (too many pending invites, the connection cap).
	Next    time.Time     `json:"next"`
	Reason  limits.Reason `json:"reason"`
	Explain string        `json:"explain"`
}

// Status reports, for every kind with due steps waiting on the account, when the next
// may go out and what binds, such as "weekly cap 95/95 until Tue 3 Mar 10:02 UTC" or
// "acceptance rate 12% below the 15% floor" (which pauses the account's invites).
// The answers are the Pacer's as of the account's latest look, which the engine takes
// whenever anything changes for the account. Errors: ENOTFOUND for an unknown account.
func (g *Engine) Status(account string) ([]KindStatus, error) {
	s := g.byName[account]
	if s == nil {
		return nil, paceline.Errorf(paceline.ENOTFOUND, "account %q is not in the engine", account)
	}
	var out []KindStatus
	for k, n := range s.waiting {
		if n == 0 {
			continue
		}
		if du := s.downUntil[k]; du > g.nowN {
			// The executor said the account cannot act (SenderDown): that binds, not
			// the Pacer.
			at, loc := time.Unix(0, du).UTC(), s.Schedule.Location
			if loc == nil {
				loc = time.UTC
			}
			out = append(out, KindStatus{Kind: paceline.ActionKinds[k], Waiting: n, Next: at,
				Explain: "the account cannot send (" + s.downWhy[k] + "); tried again at " +
					at.In(loc).Format("Mon 2 Jan 15:04") + " " + loc.String()})
			continue
		}
		d := s.last[k]
		out = append(out, KindStatus{Kind: paceline.ActionKinds[k], Waiting: n, Next: d.At, Reason: d.Reason, Explain: d.Explain()})
	}
	return out, nil
}
