package aiwrite

// Status says whether a lead's text for a step may be sent. The tasks view shows it.
type Status string

// The statuses.
const (
	StatusReady       Status = "ready"        // may be sent (a template, or AI text without review)
	StatusNeedsReview Status = "needs_review" // AI text held until a person approves it
	StatusApproved    Status = "approved"     // AI text a person approved; may be sent
	StatusRejected    Status = "rejected"     // a person rejected the AI text; the template is used
)

// Sendable reports whether a text with this status may go out.
func (s Status) Sendable() bool { return s == StatusReady || s == StatusApproved }

// Source says where a text came from.
type Source string

// The sources.
const (
	SourceAI       Source = "ai"
	SourceTemplate Source = "template"
)

// Cause classifies why the template was used instead of AI text.
type Cause string

// The causes of a fallback.
const (
	CauseProvider  Cause = "provider"  // the endpoint failed: HTTP error, network error
	CauseTimeout   Cause = "timeout"   // the endpoint did not answer in time
	CauseJunk      Cause = "junk"      // the endpoint answered something that is not a completion
	CauseGuardrail Cause = "guardrail" // the text broke a guardrail twice
	CauseBudget    Cause = "budget"    // today's token or cost budget is spent
	CauseRejected  Cause = "rejected"  // a reviewer rejected the AI text
)

// Fallback says why a step uses its template for a lead. Reason is a sentence that
// names the step, for the tasks view, the logs and the API.
type Fallback struct {
	Cause  Cause  `json:"cause"`
	Reason string `json:"reason"`
}
