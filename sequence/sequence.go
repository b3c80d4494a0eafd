package sequence

import (
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize"
)

// KindWait is the kind of a step that carries out no action: it only waits for its
// delay, its event, or both.
const KindWait paceline.ActionKind = "wait"

// DefaultMinAfterAccept is the smallest gap between an accepted invite and the next
// LinkedIn message to that lead. A message minutes after an accept is the clearest sign
// of automation, so no sequence may set less.
const DefaultMinAfterAccept = time.Hour

// Sequence is a compiled sequence: steps in order, each with its kind, timing, guard and
// texts, ready for the engine to walk by index. Treat a parsed Sequence as read-only
// (Index keeps a map built by Parse) and share it freely between goroutines.
type Sequence struct {
	Name  string
	Steps []Step
	// StopOn lists the events that end a lead's enrollment at once, whatever step it is
	// on. It always holds replied and opted_out: a reply on any channel stops everything.
	StopOn []paceline.EventKind
	// MinAfterAccept is the least time between a lead's accept and any LinkedIn message
	// (message, inmail, open_profile_message) to that lead; never below an hour.
	MinAfterAccept time.Duration

	index    map[string]int
	keyLines map[string]int                    // line of each top-level key, "" for the document
	texts    map[*personalize.Template]textPos // where each text is in the source
}

// Step is one step of a sequence.
type Step struct {
	ID   string
	Kind paceline.ActionKind // an action kind, or KindWait
	// Delay is how long to wait after the previous step finished (for the step after a
	// wait_for, after the event arrived; for the first step, after enrollment) before
	// this step is due.
	Delay Delay
	// WaitFor, when set, holds the lead on this step after its action until the event
	// arrives or the timeout passes.
	WaitFor *WaitFor
	// If guards the step: when it does not hold at the time the step is due, the step is
	// skipped (its wait_for too) and the lead goes on to Else.
	If *Condition
	// Else names the step to go to when If does not hold; "" is the step that follows.
	Else string
	// Next names the step to go to once this one is done; "" is the step that follows.
	Next string

	Note    *personalize.Template // invite note; nil for a plain invite
	Subject *personalize.Template // inmail, open_profile_message and email subject
	Body    *personalize.Template // message, inmail, open_profile_message and email body
	// Variants, when set, are the versions of the step's text in an A/B test (at least
	// two); Note, Subject and Body then hold the first variant's texts. Use WithVariant
	// to render the one a lead was assigned.
	Variants []Variant
	// Freeze names the variant every new lead gets, ending the test; "" keeps learning.
	Freeze string
	// Fallback says what an invite does when its note cannot be sent (see Fallback).
	Fallback Fallback
	// Skill is the skill an endorse step endorses; "" lets the executor pick one.
	Skill string
	// AI, when set, has a language model write the step's text for each lead, with
	// the template above as the fallback (see AI).
	AI *AI

	// Line is the line of the step in the source, for messages.
	Line int
	// keyLines holds the line of each key of the step, so that errors found after
	// decoding can still point at the key at fault.
	keyLines map[string]int
	// workingWeeks is the delay's for: text when it counts weeks in working time
	// ({for: 1w, in: working}), for the warning that such a week is 7 working days.
	workingWeeks string
	// reported is set when decoding already said what is wrong with the step's action,
	// so that checks of the action do not say it again in other words.
	reported bool
}

// Fallback is what an invite with a note does when the note cannot be sent: the account
// has no note left this month (free accounts get 5), or the note cannot be rendered for
// this lead (a missing field, too long once rendered).
type Fallback string

// The fallbacks.
const (
	FallbackPlain Fallback = "plain" // send the invite without a note (the default)
	FallbackWait  Fallback = "wait"  // hold the invite until a note can be sent or a person reviews it
	FallbackSkip  Fallback = "skip"  // skip the invite step (and its wait_for) and go on
)

// Index returns the position of the step with the given id, or -1.
func (s *Sequence) Index(id string) int {
	if s.index != nil {
		if i, ok := s.index[id]; ok {
			return i
		}
		return -1
	}
	for i := range s.Steps {
		if s.Steps[i].ID == id {
			return i
		}
	}
	return -1
}

// target resolves a step reference made by step i: "" is the step after i. It returns
// len(s.Steps) at the end of the sequence and -1 for an unknown id.
func (s *Sequence) target(i int, id string) int {
	if id == "" {
		return i + 1
	}
	return s.Index(id)
}

// Next returns the index of the step a lead goes to once step i is done (after its
// wait_for event, if any), or -1 when the sequence ends there.
func (s *Sequence) Next(i int) int { return s.end(s.target(i, s.Steps[i].Next)) }

// Skip returns the index of the step a lead goes to when step i's If does not hold, or
// -1 when the sequence ends there.
func (s *Sequence) Skip(i int) int { return s.end(s.target(i, s.Steps[i].Else)) }

// Timeout returns the index of the step a lead goes to when step i's wait_for times out,
// or -1 when the enrollment ends there (on_timeout: stop, or the last step). With
// on_timeout: withdraw the engine withdraws the pending invite first.
func (s *Sequence) Timeout(i int) int {
	w := s.Steps[i].WaitFor
	if w == nil {
		return s.Next(i)
	}
	switch w.OnTimeout.Action {
	case TimeoutStop:
		return -1
	case TimeoutGoto:
		return s.end(s.Index(w.OnTimeout.Step))
	default:
		return s.Next(i)
	}
}

func (s *Sequence) end(i int) int {
	if i >= len(s.Steps) {
		return -1
	}
	return i
}

// Stops reports whether event e ends a lead's enrollment.
func (s *Sequence) Stops(e paceline.EventKind) bool {
	for _, k := range s.StopOn {
		if k == e {
			return true
		}
	}
	return false
}

// EarliestSend applies the rule that no LinkedIn message reaches a lead within
// MinAfterAccept of their accept: it returns due, or later for a message step when the
// lead accepted (acceptedAt non-zero) too recently.
func (s *Sequence) EarliestSend(i int, due, acceptedAt time.Time) time.Time {
	if acceptedAt.IsZero() || !IsLinkedInMessage(s.Steps[i].Kind) {
		return due
	}
	gap := max(s.MinAfterAccept, DefaultMinAfterAccept)
	if floor := acceptedAt.Add(gap); due.Before(floor) {
		return floor
	}
	return due
}

// IsLinkedInMessage reports whether k writes to a lead on LinkedIn.
func IsLinkedInMessage(k paceline.ActionKind) bool {
	return k == paceline.KindMessage || k == paceline.KindInMail || k == paceline.KindOpenProfileMessage
}
