package assist

import (
	"slices"
	"strings"

	"github.com/paceline/paceline"
)

// Outcome is what a person or an agent reports about a task.
type Outcome string

// The outcomes. A person says sent, skipped, failed, refused, limit-notice or
// restricted; an agent says done (read as sent), refused or failed, and reports a limit
// notice or a restriction as an event. Outcomes lists them.
//
// Refused is an ordinary refusal of this one action (the person cannot be invited, the
// message did not go): it says nothing about the account's limits, so the Pacer does
// not slow down. Only limit-notice (LinkedIn said a limit was reached) backs the kind
// off, and restricted (LinkedIn restricted the account) stops the whole account for the
// restriction's length.
const (
	OutcomeSent        Outcome = "sent"         // carried out: the slot stays counted
	OutcomeSkipped     Outcome = "skipped"      // not wanted: released
	OutcomeFailed      Outcome = "failed"       // could not be done: released
	OutcomeRefused     Outcome = "refused"      // the platform said no to this action: released, planned again
	OutcomeLimitNotice Outcome = "limit-notice" // "weekly limit reached": as refused, and the Pacer backs the kind off
	OutcomeRestricted  Outcome = "restricted"   // the account is restricted: as refused, and the account stops until the restriction ends
)

// outcomeExpired is the outcome a task shows when its working day ended before anyone
// reported it.
const outcomeExpired = "expired"

// outcomeStopped begins the outcome of a task closed unsent because its lead's
// sequence stopped (Sweep, Desk.StoppedFunc); the reason follows.
const outcomeStopped = "not sent, lead stopped: "

// outcomePaused is the outcome of an offered task taken back because its account was
// paused; it is offered again at a slot once the account resumes.
const outcomePaused = "account paused"

// outcomeCampaignPaused is outcomePaused for a task whose campaign was paused.
const outcomeCampaignPaused = "campaign paused"

// Outcomes returns every outcome ParseOutcome accepts (it also reads "done" as sent),
// in the order a help text lists them: help and errors are written from it, so they
// name exactly what is accepted.
func Outcomes() []Outcome {
	return []Outcome{OutcomeSent, OutcomeSkipped, OutcomeFailed, OutcomeRefused, OutcomeLimitNotice, OutcomeRestricted}
}

// OutcomeList writes Outcomes as a sentence lists them, the last after conj:
// OutcomeList("or") is "sent, skipped, failed, refused, limit-notice or restricted".
func OutcomeList(conj string) string {
	all := Outcomes()
	names := make([]string, len(all))
	for i, o := range all {
		names[i] = string(o)
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + conj + " " + names[len(names)-1]
}

// ParseOutcome reads an outcome as typed ("done" is sent, "limit_notice" is
// limit-notice). Errors: EINVALID.
func ParseOutcome(s string) (Outcome, error) {
	o := Outcome(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-"))
	if o == "done" || o == "" {
		return OutcomeSent, nil
	}
	if slices.Contains(Outcomes(), o) {
		return o, nil
	}
	return "", paceline.FieldErrorf("outcome", "%q is not an outcome (want %s)", s, OutcomeList("or"))
}

// state is the task state an outcome leaves, before any re-planning.
func (o Outcome) state() paceline.TaskState {
	switch o {
	case OutcomeSent:
		return paceline.TaskDone
	case OutcomeSkipped:
		return paceline.TaskSkipped
	case OutcomeFailed:
		return paceline.TaskFailed
	}
	return paceline.TaskPlanned
}

// release is the ledger result of a slot released by the outcome.
func (o Outcome) release() paceline.ActionResult {
	if o == OutcomeRefused || o == OutcomeLimitNotice || o == OutcomeRestricted {
		return paceline.ResultRefused
	}
	return paceline.ResultFailed
}

// WaitsForResume reports whether t was taken back because its account or campaign
// is paused: it is planned, but no slot comes before the resume.
func WaitsForResume(t *paceline.Task) bool {
	return t.State == paceline.TaskPlanned && (t.Outcome == outcomePaused || t.Outcome == outcomeCampaignPaused)
}
