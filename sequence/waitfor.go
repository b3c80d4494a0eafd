package sequence

import (
	"time"

	"github.com/paceline/paceline"
)

// DefaultWaitTimeout is how long a wait_for waits when it names no timeout: three weeks,
// the age at which good practice withdraws a pending invite.
const DefaultWaitTimeout = 21 * 24 * time.Hour

// WaitFor holds a lead on a step until an event arrives or a timeout passes. The timeout
// counts calendar time from when the step's action was carried out.
type WaitFor struct {
	Event     paceline.EventKind // only accepted for now: replies stop the sequence instead
	Timeout   time.Duration
	OnTimeout OnTimeout
}

// TimeoutAction is what happens when a wait_for times out.
type TimeoutAction string

// The timeout actions.
const (
	// TimeoutWithdraw withdraws the pending invite, then goes on with the next step;
	// steps that need a connection should be guarded with `if: connected`.
	TimeoutWithdraw TimeoutAction = "withdraw"
	// TimeoutContinue leaves the invite pending and goes on with the next step.
	TimeoutContinue TimeoutAction = "continue"
	// TimeoutStop ends the enrollment; a pending invite is left to invite hygiene.
	TimeoutStop TimeoutAction = "stop"
	// TimeoutGoto jumps to the step named in OnTimeout.Step.
	TimeoutGoto TimeoutAction = "goto"
)

// OnTimeout is a timeout action, with the step to jump to for TimeoutGoto.
type OnTimeout struct {
	Action TimeoutAction
	Step   string
}

// String returns the action as written in YAML: the step id for a jump.
func (o OnTimeout) String() string {
	if o.Action == TimeoutGoto {
		return o.Step
	}
	return string(o.Action)
}
