package paceline

import "time"

// CampaignState says whether a campaign's leads are being worked.
type CampaignState string

// The campaign states. A campaign is created as a draft so that its leads and accounts
// can be checked before anything is sent; start makes it active. Stopped is for good: a
// paused campaign still holds its leads (a lead runs in one enrollment at a time), a
// stopped one has ended their enrollments and lets another campaign take them; it is
// never started, paused or edited again, and its history stays readable.
const (
	CampaignDraft   CampaignState = "draft"
	CampaignActive  CampaignState = "active"
	CampaignPaused  CampaignState = "paused"
	CampaignStopped CampaignState = "stopped"
)

// ReasonCampaignStopped is the reason written on each enrollment a campaign stop ended,
// and at the end of the outcome of each assisted task it closed unsent.
const ReasonCampaignStopped = "campaign stopped"

// CampaignStop is what stopping a campaign ended, in the transaction that made it
// stopped.
type CampaignStop struct {
	// Enrollments is how many of its enrollments were still running (new, active or
	// waiting) and are stopped now.
	Enrollments int
	// Tasks is how many of its assisted tasks were open (planned, offered or leased)
	// and are closed unsent now, their reserved slots released.
	Tasks int
	// LeftToAgents is how many of its open assisted tasks an agent holds under a live
	// lease and were left open: the agent may be sending one right now, so its slot
	// stays reserved; the hand-off desk's sweep closes it unsent when the lease ends
	// unreported (runtime.LeadStopped finds its campaign stopped).
	LeftToAgents int
}

// Campaign is one sequence run over a list of leads from a set of accounts, as the
// runtime stores it.
type Campaign struct {
	ID   int64
	Name string
	// List is the lead list the campaign enrolls ("" for every lead).
	List string
	// Sequence is the sequence's YAML as the user wrote it.
	Sequence string
	Priority int
	Accounts []string
	State    CampaignState
	// PausedReason says why a paused campaign is paused.
	PausedReason string
	// PausedAt is when a paused campaign's pause began (zero unless paused). Pausing
	// it again while it is paused (with another reason, or the engine's pause of a
	// campaign a person paused while its tick ran) changes PausedReason and UpdatedAt
	// but keeps PausedAt: it is the same pause, which the webhook relay tells once,
	// keyed by it. A start ends the pause; a pause after it is a new one.
	PausedAt time.Time

	CreatedAt time.Time
	UpdatedAt time.Time
}

// EnrollmentState is where a stored enrollment stands. New means no tick has picked it
// up yet; the others are the engine's states.
type EnrollmentState string

// The stored enrollment states.
const (
	EnrollmentNew      EnrollmentState = "new"
	EnrollmentActive   EnrollmentState = "active"
	EnrollmentWaiting  EnrollmentState = "waiting"
	EnrollmentFinished EnrollmentState = "finished"
	EnrollmentStopped  EnrollmentState = "stopped"
)

// Running reports whether the enrollment still holds its lead.
func (s EnrollmentState) Running() bool {
	return s == EnrollmentNew || s == EnrollmentActive || s == EnrollmentWaiting
}

// EnrollmentRecord is one lead in one campaign from one account, as the runtime stores
// it between ticks. Snapshot is the engine's own state of it (JSON) and LeadFacts the
// lead fields the sequence and the Pacer read (JSON), so that a tick needs no lead
// lookups.
type EnrollmentRecord struct {
	ID        int64
	Campaign  string
	Lead      string // the lead's key (engine.LeadKey)
	Account   string
	Step      int
	State     EnrollmentState
	Due       time.Time
	Reason    string
	LeadFacts string
	Snapshot  string
	Started   time.Time
	Ended     time.Time
	// Held is set while the engine holds its step for a person (its snapshot's state
	// is engine.Held): stored so that listing held steps reads only those.
	Held bool
	// IncludeReplied is set on an enrollment started with campaigns start
	// --include-replied, which enrolls leads who replied before on purpose: an answer
	// dated before Started is then their old conversation, not an answer to this
	// campaign (runtime.Starts.Predates). A plain start leaves false: a reply recorded
	// after it ran but dated before it (a mailbox polled late, a seat reporting its
	// inbox later) stops the lead, as the start would have left it out.
	IncludeReplied bool
}

// ActionState is where an action stands in the outbox: planned before the executor is
// called, done once its result is recorded.
type ActionState string

// The outbox states.
const (
	ActionPlanned ActionState = "planned"
	ActionDone    ActionState = "done"
)
