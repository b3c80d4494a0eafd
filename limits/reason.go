package limits

import (
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
)

// Reason is the constraint that binds a decision: why an action may not happen now.
type Reason int

// The reasons, from "nothing binds" to the hard blocks.
const (
	ReasonNone           Reason = iota // the action may happen now
	ReasonOutsideHours                 // outside the account's working days or hours
	ReasonMinGap                       // too soon after the account's previous action
	ReasonSpacing                      // spreading the day's budget over the working window
	ReasonDailyBudget                  // the day's pacing budget for the kind is used
	ReasonWeeklyCap                    // the rolling 7-day cap is reached
	ReasonDailyCap                     // a hard rolling 24-hour cap is reached
	ReasonWarmup                       // a warm-up-reduced cap is reached
	ReasonBackoff                      // a cap reduced after push-back is reached
	ReasonCooldown                     // paused after a warning or limit notice
	ReasonRestricted                   // the account is restricted
	ReasonNoCredits                    // no InMail credit left this month
	ReasonNoteQuota                    // no personal note left this month
	ReasonPendingInvites               // too many invites pending
	ReasonLowAcceptance                // too few recent invites accepted
	ReasonConnectionCap                // 30,000 connections reached
	ReasonNotAvailable                 // the account type cannot do this kind
	ReasonNoSchedule                   // the account has no working time

	numReasons // the number of reasons, for per-reason arrays
)

var reasonNames = [...]string{
	"none", "outside_hours", "min_gap", "spacing", "daily_budget", "weekly_cap", "daily_cap",
	"warmup", "backoff", "cooldown", "restricted", "no_credits", "note_quota",
	"pending_invites", "low_acceptance", "connection_cap", "not_available", "no_schedule",
}

// String returns the reason's stable snake_case name (used in JSON and metrics).
func (r Reason) String() string {
	if r < 0 || int(r) >= len(reasonNames) {
		return fmt.Sprintf("reason(%d)", int(r))
	}
	return reasonNames[r]
}

// MarshalText lets a Reason appear by name in JSON.
func (r Reason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// Decision is the Pacer's answer for one kind at one instant.
type Decision struct {
	Kind paceline.ActionKind
	// Allowed is true when the action may happen at the instant asked about.
	Allowed bool
	// At is the earliest instant the action may happen: the instant asked about when
	// Allowed; zero when no instant can be foreseen (a hard block that only an event
	// such as a withdrawal or a new month of credits... can lift).
	At time.Time
	// Reason is the constraint that binds, None when Allowed.
	Reason Reason
	// Used and Cap are the figures of the binding cap, budget or quota.
	Used, Cap int
	// Factor is the warm-up or back-off fraction when it binds.
	Factor float64
	// Until is when the binding constraint itself lifts (At may be later, when other
	// constraints such as working hours follow).
	Until time.Time
	// NoteQuotaExhausted tells the caller of an invite with a note that the monthly note
	// quota is used up: it should fall back (plain invite, wait or skip), never silently.
	NoteQuotaExhausted bool
	// answersFree marks a "not before" answer that no constraint reading the answers
	// to invites and InMails pushed (the pending invites, the acceptance rate, the
	// connection cap, InMail credits): such an answer can only move later when an
	// answer comes (Pacer.HastensAnswer). False for every other Decision. It sits in
	// the padding after NoteQuotaExhausted, so a Decision stays 120 bytes.
	answersFree bool
	// thenHours and dayOver, in the same padding, shape Explain's words only:
	// thenHours says the wait for working hours followed the binding constraint's
	// Until (a weekly cap that frees up on Friday evening, then the weekend), dayOver
	// that the binding budget or cap left no room today, so the slot is the next
	// working day's.
	thenHours, dayOver bool

	loc *time.Location
}

// Explain returns the decision as a sentence for a person, in the account's time zone:
// "weekly cap 100/100 until Tue 3 Mar 10:02 Europe/Paris". When the working hours held
// the slot after the binding constraint lifted, it says both ("weekly cap 100/100 until
// Fri 2 Apr 18:10 ..., then outside working hours; next slot Mon 5 Apr 09:09 ..."), and
// a day's used budget names the next working day rather than holding "until" it.
func (d Decision) Explain() string {
	if d.Allowed {
		return fmt.Sprintf("%s may act now", d.Kind)
	}
	var s string
	switch d.Reason {
	case ReasonOutsideHours:
		s = "outside working hours"
	case ReasonMinGap:
		s = "minimum gap after the previous action"
	case ReasonSpacing:
		s = fmt.Sprintf("spreading today's %s over the working day", plural.Count(d.Cap, noun(d.Kind)))
	case ReasonDailyBudget:
		s = fmt.Sprintf("today's budget of %s used", plural.Count(d.Cap, noun(d.Kind)))
	case ReasonWeeklyCap:
		s = fmt.Sprintf("weekly cap %d/%d", d.Used, d.Cap)
	case ReasonDailyCap:
		s = fmt.Sprintf("24-hour cap %d/%d", d.Used, d.Cap)
	case ReasonWarmup:
		s = fmt.Sprintf("warm-up %.0f%%: cap %d/%d", d.Factor*100, d.Used, d.Cap)
	case ReasonBackoff:
		s = fmt.Sprintf("backed off to %.0f%% after push-back: cap %d/%d", d.Factor*100, d.Used, d.Cap)
	case ReasonCooldown:
		s = "cooldown after a warning or limit notice"
	case ReasonRestricted:
		s = "account restricted"
	case ReasonNoCredits:
		s = "no InMail credit left"
	case ReasonNoteQuota:
		s = fmt.Sprintf("personal notes %d/%d this month (send without a note or wait)", d.Used, d.Cap)
	case ReasonPendingInvites:
		s = fmt.Sprintf("%d/%d invites pending: withdraw the oldest first", d.Used, d.Cap)
	case ReasonLowAcceptance:
		s = fmt.Sprintf("acceptance rate %d%% below the %d%% floor", d.Used, d.Cap)
	case ReasonConnectionCap:
		s = fmt.Sprintf("%d connections: LinkedIn's cap, remove connections to invite again", d.Used)
	case ReasonNotAvailable:
		s = fmt.Sprintf("this account type cannot send %s", d.Kind)
	case ReasonNoSchedule:
		s = "the account has no working time"
	default:
		s = d.Reason.String()
	}
	switch {
	case d.At.IsZero():
		return s
	case d.dayOver && (d.Reason == ReasonDailyBudget || d.Reason == ReasonWeeklyCap):
		// The day's room is used: what keeps the slot until that day is the calendar,
		// not the budget (a Friday's budget does not hold over the weekend).
		if d.Reason == ReasonWeeklyCap {
			s += " leaves no room today"
		}
		if !d.Until.IsZero() && d.Until.Before(d.At) {
			return s + "; next working day " + d.format(d.Until) + ", next slot " + d.format(d.At)
		}
		return s + "; next working day " + d.format(d.At)
	case !d.Until.IsZero() && d.Until.Before(d.At) && d.thenHours:
		// Both bound: the constraint until it lifted, then the working hours (the slot
		// may come a little after they open, when spacing or the gap follow).
		return s + " until " + d.format(d.Until) + ", then outside working hours; next slot " + d.format(d.At)
	case !d.Until.IsZero() && d.Until.Before(d.At):
		return s + " until " + d.format(d.Until) + ", next slot " + d.format(d.At)
	default:
		return s + " until " + d.format(d.At)
	}
}

func (d Decision) format(t time.Time) string {
	loc := d.loc
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("Mon 2 Jan 15:04") + " " + loc.String()
}

// noun names one action of kind k in a sentence; plural.Count makes it agree with a
// number ("1 InMail", "2 post likes").
func noun(k paceline.ActionKind) string {
	switch k {
	case paceline.KindInMail:
		return "InMail"
	case paceline.KindOpenProfileMessage:
		return "Open Profile message"
	case paceline.KindLikePost:
		return "post like"
	case paceline.KindEndorse:
		return "endorsement"
	case paceline.KindWithdraw:
		return "withdrawal"
	}
	return string(k)
}
