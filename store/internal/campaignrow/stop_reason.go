package campaignrow

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/store/internal/mergerow"
)

// Stopping is a running enrollment a campaign stop ends, with what tells whether its
// lead's answer ended it already: an opt-out or a reply recorded that no tick has
// applied yet (the account's tick sleeps, or the campaign was paused) ends it for that
// reason, as the tick would have, not for the stop. Stopped as "campaign stopped", an
// opted-out lead used to drop out of campaigns status's "stopped by opt-out", and out of
// the opt-outs the webhooks tell of.
type Stopping struct {
	Ended
	// Lead is the enrollment's lead reference, which its events name (RecordEvent
	// stores an event under the reference its running enrollment has).
	Lead string
	// Account is the account the enrollment runs on: a decline answers its invite only.
	Account string
	// Facts is the enrollment's lead facts (JSON): the keys the suppression list is
	// asked for.
	Facts string
}

// StopKinds returns the event types an answer ends an enrollment of the sequence seq
// on: its stop_on, or when the stored sequence does not parse, the two every
// sequence stops on (sequence.Validate), a reply and an opt-out.
func StopKinds(seq string) []paceline.EventKind {
	if s, err := sequence.Parse([]byte(seq)); err == nil {
		return s.StopOn
	}
	return []paceline.EventKind{paceline.EventReplied, paceline.EventOptedOut}
}

// Keys returns the keys of the enrollment's lead, as the runtime asks the suppression
// list for them (its facts' keys and its reference's own): a lead opted out by paceline
// leads optout, the API or the dashboard has no event, only its keys on the list.
func (r Stopping) Keys() ([]lead.Key, error) {
	var f struct {
		ProfileKey string `json:"profile_key"`
		SalesKey   string `json:"sales_key"`
		Email      string `json:"email"`
	}
	if r.Facts != "" {
		if err := json.Unmarshal([]byte(r.Facts), &f); err != nil {
			return nil, fmt.Errorf("enrollment %d: read lead facts: %w", r.ID, err)
		}
	}
	keys := lead.Keys(&paceline.Lead{ProfileKey: f.ProfileKey, SalesKey: f.SalesKey, Email: f.Email})
	if k, err := lead.ParseRef(r.Lead); err == nil && !slices.Contains(keys, k) {
		keys = append(keys, k)
	}
	return keys, nil
}

// Reason returns why the stop at now ends r, and when: the first of evs (the lead's
// events since r started, oldest first) that stops its sequence (stops, StopKinds) and
// answers it (a decline only on r's own account), at its instant; else, when the lead
// is on the suppression list (suppressed), its opt-out, now; else the stop itself,
// paceline.ReasonCampaignStopped, now. The reasons are the runtime's: an event's type.
func (r Stopping) Reason(stops []paceline.EventKind, evs []paceline.Event, suppressed bool, now time.Time) (string, time.Time) {
	for _, ev := range evs {
		if !slices.Contains(stops, ev.Type) || ev.At.Before(r.Started) {
			continue
		}
		if ev.Type != paceline.EventReplied && ev.Type != paceline.EventOptedOut && ev.Type != paceline.EventBounced && ev.Account != r.Account {
			continue
		}
		if ev.At.After(now) {
			return string(ev.Type), now
		}
		return string(ev.Type), ev.At
	}
	if suppressed {
		return string(paceline.EventOptedOut), now
	}
	return paceline.ReasonCampaignStopped, now
}

// StoppedSnapshot returns the snapshot of r once stopped at at for reason: ended, with
// no step and nothing due, as EndedSnapshot writes it.
func (r Stopping) StoppedSnapshot(reason string, at time.Time) (string, error) {
	return mergerow.Stopped(mergerow.Running{ID: r.ID, Started: r.Started, Snapshot: r.Snapshot}, at, reason)
}
