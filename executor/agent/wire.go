package agent

import (
	"time"

	"github.com/paceline/paceline"
)

// LeaseRequest is the body of POST /api/v1/agent/lease.
type LeaseRequest struct {
	Account string `json:"account"`
	// TTLSeconds asks for a lease of this length (at most MaxTTL); 0 is the default.
	TTLSeconds int `json:"ttl_seconds,omitempty"`
}

// Lease is the answer to a lease: the action and how long the agent holds it.
type Lease struct {
	Lease   string    `json:"lease"`
	Expires time.Time `json:"expires"`
	Action  Action    `json:"action"`
}

// Action is one action as an agent sees it.
type Action struct {
	ID         int64     `json:"id"`
	Key        string    `json:"key"`
	Account    string    `json:"account"`
	Kind       string    `json:"kind"`
	Lead       string    `json:"lead"`
	ProfileURL string    `json:"profile_url,omitempty"`
	WithNote   bool      `json:"with_note,omitempty"`
	Subject    string    `json:"subject,omitempty"`
	Text       string    `json:"text,omitempty"`
	Todo       string    `json:"todo"`
	Campaign   string    `json:"campaign,omitempty"`
	Step       string    `json:"step,omitempty"`
	Due        time.Time `json:"due"`
	// DoneBy is the end of the action's working day: after it the action goes back to
	// the Pacer.
	DoneBy time.Time `json:"done_by"`
}

// OutcomeRequest is the body of POST /api/v1/agent/actions/{id}/outcome.
type OutcomeRequest struct {
	Lease string `json:"lease"`
	// Result is done, refused (the platform said no) or failed.
	Result string        `json:"result"`
	Events []EventReport `json:"events,omitempty"`
}

// EventReport is something the agent saw: accepted, replied, warning, limit_notice or
// restricted. Lead (a lead key or a profile URL) defaults to the action's lead for
// accepted and replied; At defaults to the report's time; Until is when a restriction
// ends.
type EventReport struct {
	Type  string    `json:"type"`
	Lead  string    `json:"lead,omitempty"`
	At    time.Time `json:"at,omitzero"`
	Until time.Time `json:"until,omitzero"`
}

// OutcomeResponse answers a report, the same for a repeated one.
type OutcomeResponse struct {
	ID     int64  `json:"id"`
	State  string `json:"state"`
	Result string `json:"result"`
}

func actionOf(t *paceline.Task) Action {
	return Action{
		ID: t.ID, Key: t.Key, Account: t.Account, Kind: string(t.Kind), Lead: t.Lead, ProfileURL: t.ProfileURL,
		WithNote: t.WithNote, Subject: t.Subject, Text: t.Text, Todo: t.Todo, Campaign: t.Campaign, Step: t.Step,
		Due: t.Due, DoneBy: t.Expires,
	}
}
