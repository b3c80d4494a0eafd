package api

import (
	"net/http"
	"time"

	"github.com/paceline/paceline"
)

// EventView is an event as the API shows and takes it.
type EventView struct {
	ID      int64     `json:"id,omitempty"`
	Key     string    `json:"key,omitempty"`
	At      time.Time `json:"at"`
	Account string    `json:"account"`
	Lead    string    `json:"lead,omitempty"`
	Type    string    `json:"type"`
	Kind    string    `json:"kind,omitempty"`
	Until   time.Time `json:"until,omitzero"`
}

func eventView(e paceline.Event) EventView {
	return EventView{ID: e.ID, Key: e.Key, At: e.At, Account: e.Account, Lead: e.Lead,
		Type: string(e.Type), Kind: string(e.Kind), Until: e.Until}
}

// eventKinds are the event types a client may report.
var eventKinds = map[paceline.EventKind]bool{
	paceline.EventAccepted: true, paceline.EventDeclined: true, paceline.EventReplied: true,
	paceline.EventBounced: true, paceline.EventOptedOut: true, paceline.EventWithdrawn: true,
	paceline.EventWarning: true, paceline.EventLimitHit: true, paceline.EventRestricted: true,
}

func (a *API) listEvents(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if _, err := a.deps.Accounts.Account(r.Context(), name); err != nil {
		return err
	}
	now := a.deps.now()
	since, err := timeParam(r, "since", now.Add(-7*24*time.Hour))
	if err != nil {
		return err
	}
	until, err := timeParam(r, "until", now.Add(time.Nanosecond))
	if err != nil {
		return err
	}
	evs, err := a.deps.History.Events(r.Context(), name, since, until)
	if err != nil {
		return err
	}
	out := make([]EventView, len(evs))
	for i, e := range evs {
		out[i] = eventView(e)
	}
	writeJSON(w, http.StatusOK, struct {
		Events []EventView `json:"events"`
	}{out})
	return nil
}

func (a *API) postEvent(w http.ResponseWriter, r *http.Request) error {
	var in EventView
	if err := a.decode(w, r, &in); err != nil {
		return err
	}
	e := paceline.Event{Key: in.Key, At: in.At, Account: in.Account, Lead: in.Lead,
		Type: paceline.EventKind(in.Type), Until: in.Until}
	if !eventKinds[e.Type] {
		return paceline.FieldErrorf("type", "unknown event type %q (want accepted, declined, replied, bounced, opted_out, withdrawn, warning, limit_notice or restricted)", in.Type)
	}
	if in.Kind != "" {
		k, err := paceline.ParseActionKind(in.Kind)
		if err != nil {
			return err
		}
		e.Kind = k
	}
	if e.At.IsZero() {
		e.At = a.deps.now()
	}
	recorded, err := a.deps.Events.RecordEvent(r.Context(), &e)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if !recorded {
		status = http.StatusOK
	}
	writeJSON(w, status, struct {
		Event    EventView `json:"event"`
		Recorded bool      `json:"recorded"`
	}{eventView(e), recorded})
	return nil
}
