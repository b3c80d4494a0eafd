package limits

import (
	"time"

	"github.com/paceline/paceline"
)

// KindUsage is one kind's usage against its limits at an instant, with the Pacer's
// next slot for it.
type KindUsage struct {
	Kind paceline.ActionKind `json:"kind"`
	// Week is the executed count in the rolling 7 days; WeekCap the effective cap
	// (after safety, warm-up and back-off) and NominalWeekCap the cap before them; both
	// are null for an uncapped kind.
	Week           int  `json:"week"`
	WeekCap        *int `json:"week_cap"`
	NominalWeekCap *int `json:"nominal_week_cap"`
	// Day is the executed count in the rolling 24 hours; Today since local midnight
	// against the day's pacing budget.
	Day       int `json:"day"`
	Today     int `json:"today"`
	DayBudget int `json:"day_budget"`
	// Next is the earliest slot and Reason/Explain say what binds.
	Next    time.Time `json:"next"`
	Allowed bool      `json:"allowed_now"`
	Reason  Reason    `json:"reason"`
	Explain string    `json:"explain"`
}

// Snapshot is an account's usage at an instant: what `paceline limits show` prints.
type Snapshot struct {
	At            time.Time   `json:"at"`
	Type          string      `json:"type"`
	Schedule      string      `json:"schedule"`
	Warmup        float64     `json:"warmup"`
	Kinds         []KindUsage `json:"kinds"`
	InMailCredits *int        `json:"inmail_credits"`
	NotesUsed     *int        `json:"notes_used_this_month"`
	NoteQuota     *int        `json:"note_quota_monthly"`
	Pending       int         `json:"pending_invites"`
	Connections   int         `json:"connections"`
}

// Snapshot reports usage against every limit that applies to the account at now.
// Kinds the account type cannot do are left out.
func (p *Pacer) Snapshot(now time.Time) Snapshot {
	c, s := &p.cfg, p.st
	n := now.UnixNano()
	snap := Snapshot{
		At:          now.UTC(),
		Type:        string(c.Type),
		Schedule:    c.Schedule.String(),
		Warmup:      c.warmupFactor(n),
		Pending:     s.pending.len(),
		Connections: s.Connections,
	}
	for _, kind := range paceline.ActionKinds {
		d := p.Decide(now, Request{Kind: kind})
		if d.Reason == ReasonNotAvailable {
			continue
		}
		k := kind.Index()
		warm, back := c.factorsFor(s, k, n)
		factor := warm * back
		u := KindUsage{
			Kind:    kind,
			Week:    countIn(s.done[k], n-week, n),
			Day:     countIn(s.done[k], n-int64(24*time.Hour), n),
			Today:   countIn(s.done[k], c.Schedule.DayStart(now).UnixNano()-1, n),
			Next:    d.At,
			Allowed: d.Allowed,
			Reason:  d.Reason,
			Explain: d.Explain(),
		}
		weekly := Uncapped
		if c.Weekly[k] != Uncapped {
			weekly = scaled(c.Weekly[k], c.Safety*factor)
			nominal := c.Weekly[k]
			u.WeekCap, u.NominalWeekCap = &weekly, &nominal
		}
		u.DayBudget = c.dayBudget(k, weekly, factor)
		snap.Kinds = append(snap.Kinds, u)
	}
	if c.InMailMonthly > 0 || c.InMailRolloverCap > 0 {
		bal, _ := c.inmailBalance(s, n)
		snap.InMailCredits = &bal
	}
	if c.NoteQuotaMonthly != Uncapped {
		from, _ := c.monthStart(n)
		used, quota := countIn(s.notes, from-1, n), c.NoteQuotaMonthly
		snap.NotesUsed, snap.NoteQuota = &used, &quota
	}
	return snap
}
