package limits

import "github.com/paceline/paceline"

// emailIndex is the index of paceline.KindEmail.
var emailIndex = paceline.KindEmail.Index()

// mailApart reports whether kind k is the email of a LinkedIn account's own mailbox
// (addMailbox): LinkedIn's restrictions, its limit notices on other kinds and the
// seat's warm-up concern the seat, not the mailbox, whose emails go on through them.
// Only a notice about email itself holds them back. A mailbox account's email is not
// apart: it is all the account does.
func (c *Config) mailApart(k int) bool {
	return k == emailIndex && c.Type != paceline.TypeEmail
}

// pauseFor is pauseUntil, or for a seat's own email only the cooldowns of notices
// about email.
func (c *Config) pauseFor(s *State, k int, t int64) (until int64, restricted bool) {
	if !c.mailApart(k) {
		return c.pauseUntil(s, k, t)
	}
	for _, p := range s.pushbacks {
		if p.at > t {
			break
		}
		if p.restricted || p.kind != k {
			continue
		}
		until = max(until, p.at+int64(c.Backoff.Cooldown))
	}
	if until <= t {
		return 0, false
	}
	return until, false
}

// factorsFor returns the warm-up and back-off factors of kind k at t: for a seat's
// own email no warm-up, and a back-off from notices about email only.
func (c *Config) factorsFor(s *State, k int, t int64) (warm, back float64) {
	if !c.mailApart(k) {
		return c.warmupFactor(t), c.backoffFactor(s, k, t)
	}
	if !s.hasMailPushback(k) {
		return 1, 1
	}
	own := State{pushbacks: s.mailPushbacks(k)}
	return 1, c.backoffFactor(&own, k, t)
}

// hasMailPushback reports whether a notice about kind k itself was recorded.
func (s *State) hasMailPushback(k int) bool {
	for _, p := range s.pushbacks {
		if !p.restricted && p.kind == k {
			return true
		}
	}
	return false
}

// mailPushbacks returns the notices about kind k itself, in order.
func (s *State) mailPushbacks(k int) []pushback {
	var out []pushback
	for _, p := range s.pushbacks {
		if !p.restricted && p.kind == k {
			out = append(out, p)
		}
	}
	return out
}

// looseningFor is nextLoosening, or for a seat's own email the next loosening of a
// back-off from notices about email (it has no warm-up).
func (c *Config) looseningFor(s *State, k int, t int64, warm, back float64) int64 {
	if !c.mailApart(k) || back == 1 {
		return c.nextLoosening(s, k, t, warm, back)
	}
	own := State{pushbacks: s.mailPushbacks(k)}
	return c.nextLoosening(&own, k, t, 1, back)
}
