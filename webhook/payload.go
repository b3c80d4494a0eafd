package webhook

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// Payload types besides the event kinds (paceline.EventAccepted and the others, whose
// type is the event kind itself).
const (
	// TypeCampaignPaused is sent when a campaign stops: by a user, or by the engine
	// when its acceptance rate fell below its threshold.
	TypeCampaignPaused = "campaign_paused"
	// TypeTest is what paceline webhooks test sends.
	TypeTest = "test"
)

// Types lists every payload type an endpoint may subscribe to.
func Types() []string {
	return []string{
		string(paceline.EventAccepted), string(paceline.EventDeclined), string(paceline.EventReplied),
		string(paceline.EventBounced), string(paceline.EventOptedOut), string(paceline.EventWithdrawn),
		string(paceline.EventWarning), string(paceline.EventLimitHit), string(paceline.EventRestricted),
		string(paceline.EventConnected), TypeCampaignPaused,
	}
}

// knownType reports whether t is one of Types.
func knownType(t string) bool {
	for _, k := range Types() {
		if k == t {
			return true
		}
	}
	return false
}

// Message is one thing to tell the endpoints: its Key makes enqueueing it twice
// harmless, and Data becomes the payload's "data" object.
type Message struct {
	Key  string
	Type string
	At   time.Time
	Data any
}

// envelope is the body every webhook carries, in the shape the specification
// recommends: a type, the time of the event, and the data.
type envelope struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      any       `json:"data"`
}

func (m Message) body() ([]byte, error) {
	b, err := json.Marshal(envelope{Type: m.Type, Timestamp: m.At.UTC(), Data: m.Data})
	if err != nil {
		return nil, fmt.Errorf("webhook payload %s: %w", m.Key, err)
	}
	return b, nil
}

// EventData is the data of an event's payload.
type EventData struct {
	Key     string `json:"key"`
	Account string `json:"account"`
	// Lead is the lead's canonical key (in:SLUG, sales:ID, email:ADDRESS), the form
	// paceline leads show and the API take, not the engine's reference.
	Lead string `json:"lead,omitempty"`
	Kind string `json:"kind,omitempty"`
	// Campaign is the campaign of the lead's enrollment on the account (the running
	// one, else the latest): what an agency routes an event to its client by.
	Campaign string    `json:"campaign,omitempty"`
	Until    time.Time `json:"until,omitzero"`
}

// EventMessage is the message of a recorded event of the campaign (empty when the
// event's lead has no enrollment on the account, or the event has no lead). Its key
// is the event's Key, or its ID when it has no key.
func EventMessage(e paceline.Event, campaign string) (Message, error) {
	key := e.Key
	if key == "" {
		if e.ID == 0 {
			return Message{}, paceline.Errorf(paceline.EINVALID, "an event needs a key or an ID to be sent as a webhook")
		}
		key = fmt.Sprintf("event/%d", e.ID)
	}
	return Message{Key: "event/" + key, Type: string(e.Type), At: e.At, Data: EventData{
		Key: key, Account: e.Account, Lead: LeadKey(e.Lead), Kind: string(eventKind(e)), Campaign: campaign, Until: e.Until,
	}}, nil
}

// LeadKey turns the runtime's reference of a lead (engine.LeadKey: "john-doe",
// "sales:ACw...", "email:jo@acme.com") into its canonical key ("in:john-doe"), which
// paceline leads show and the API take. A reference lead.ParseRef cannot read is
// returned as it is.
func LeadKey(ref string) string {
	if ref == "" {
		return ""
	}
	k, err := lead.ParseRef(ref)
	if err != nil {
		return ref
	}
	return k.String()
}

// eventKind is the action kind the event concerns: its own, or for an answer to an
// invite (accepted, declined, withdrawn), which the platform reports without one,
// the invite.
func eventKind(e paceline.Event) paceline.ActionKind {
	if e.Kind != "" {
		return e.Kind
	}
	switch e.Type {
	case paceline.EventAccepted, paceline.EventDeclined, paceline.EventWithdrawn:
		return paceline.KindInvite
	}
	return ""
}

// CampaignPausedData is the data of a campaign_paused payload.
type CampaignPausedData struct {
	Campaign string `json:"campaign"`
	Reason   string `json:"reason,omitempty"`
}

// CampaignPausedMessage is the message of a campaign whose pause began at at (its
// PausedAt). One pause is one message: the key holds the instant the pause began, so
// a pause of the paused campaign, which keeps it, is not told again, and a pause
// after a start is.
func CampaignPausedMessage(campaign, reason string, at time.Time) Message {
	return Message{
		Key:  "campaign_paused/" + campaign + "/" + at.UTC().Format(time.RFC3339Nano),
		Type: TypeCampaignPaused, At: at,
		Data: CampaignPausedData{Campaign: campaign, Reason: reason},
	}
}
