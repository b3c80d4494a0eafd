package api

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

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

// EventPage is one page of an account's events, oldest first; NextCursor, when not
// empty, is the cursor of the next page.
type EventPage struct {
	Events     []EventView `json:"events"`
	NextCursor string      `json:"next_cursor,omitempty"`
}

// eventCursor is where a page of events ends: the instant and ID of its last event,
// the order the list is in (events at one instant come in the order recorded).
type eventCursor struct {
	at time.Time
	id int64
}

// String is the cursor as the API hands it out: opaque, so that clients send it back
// as it is, and URL-safe, so that it needs no escaping in a query.
func (c eventCursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.id, 10) + "/" + c.at.UTC().Format(time.RFC3339Nano)))
}

// before reports whether the cursor comes before e in the list's order, that is
// whether e belongs on a page after the cursor.
func (c eventCursor) before(e paceline.Event) bool {
	return e.At.After(c.at) || e.At.Equal(c.at) && e.ID > c.id
}

// parseEventCursor reads a cursor String made.
func parseEventCursor(s string) (eventCursor, error) {
	bad := paceline.FieldErrorf("cursor", "the cursor is not one this API gave: send next_cursor of the previous page as it is, or leave cursor out for the first page")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return eventCursor{}, bad
	}
	id, at, ok := strings.Cut(string(b), "/")
	if !ok {
		return eventCursor{}, bad
	}
	n, err1 := strconv.ParseInt(id, 10, 64)
	t, err2 := time.Parse(time.RFC3339Nano, at)
	if err1 != nil || err2 != nil || n < 1 {
		return eventCursor{}, bad
	}
	return eventCursor{at: t.UTC(), id: n}, nil
}

// pageLimit reads the limit parameter of a paged list: DefaultPageSize when absent, at
// most MaxPageSize, as the leads list reads it.
func pageLimit(r *http.Request) (int, error) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return DefaultPageSize, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxPageSize {
		return 0, paceline.FieldErrorf("limit", "%q is not a whole number from 1 to %d", s, MaxPageSize)
	}
	return n, nil
}

// listEvents answers a page of the account's events in [since, until). A cursor takes
// the list on after the previous page's last event; without since, the cursor is the
// lower bound, so that the default window moving on with the clock drops nothing.
func (a *API) listEvents(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if _, err := a.deps.Accounts.Account(r.Context(), name); err != nil {
		return err
	}
	limit, err := pageLimit(r)
	if err != nil {
		return err
	}
	var cur *eventCursor
	if s := r.URL.Query().Get("cursor"); s != "" {
		c, err := parseEventCursor(s)
		if err != nil {
			return err
		}
		cur = &c
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
	if until.Before(since) {
		// An empty answer would read as "no events" when the bounds are swapped.
		return paceline.FieldErrorf("until", "%s is before since %s (swap them)", until.Format(time.RFC3339), since.Format(time.RFC3339))
	}
	from := since
	if cur != nil && (cur.at.After(from) || r.URL.Query().Get("since") == "") {
		from = cur.at
	}
	evs, err := a.deps.History.Events(r.Context(), name, from, until)
	if err != nil {
		return err
	}
	page := EventPage{Events: make([]EventView, 0, min(len(evs), limit))}
	for _, e := range evs {
		if cur != nil && !cur.before(e) {
			continue
		}
		if len(page.Events) == limit {
			last := page.Events[limit-1]
			page.NextCursor = eventCursor{at: last.At, id: last.ID}.String()
			break
		}
		page.Events = append(page.Events, eventView(e))
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

// EventReader reads back one stored event, as package sqlite's and package postgres'
// Store do. A Deps.Events that implements it lets POST /api/v1/events answer a report
// of a key already stored with the stored event; one that does not makes that answer
// an internal error rather than an echo of the report.
type EventReader interface {
	// Event returns the event with the ID. Errors: ENOTFOUND.
	Event(ctx context.Context, id int64) (paceline.Event, error)
}

// storedEvent reads the event with the ID from Deps.Events.
func (a *API) storedEvent(ctx context.Context, id int64) (paceline.Event, error) {
	rd, ok := a.deps.Events.(EventReader)
	if !ok {
		return paceline.Event{}, fmt.Errorf("read back event %d: the event recorder %T has no Event method", id, a.deps.Events)
	}
	e, err := rd.Event(ctx, id)
	if err != nil {
		return paceline.Event{}, fmt.Errorf("read back event %d: %w", id, err)
	}
	return e, nil
}

// eventInput is the body of POST /api/v1/events. The instants are read as strings so
// that a bad one is refused naming its field, not with the time package's parse error;
// id is read-only (an event a client echoes back may carry it) and ignored.
type eventInput struct {
	ID      int64  `json:"id"`
	Key     string `json:"key"`
	At      string `json:"at"`
	Account string `json:"account"`
	Lead    string `json:"lead"`
	Type    string `json:"type"`
	Kind    string `json:"kind"`
	Until   string `json:"until"`
}

// maxEventText bounds an event's key and lead: a lead key is a profile URL or an email
// address and a key is a message id or a few names joined, so a longer one is a client
// bug, and the store would otherwise keep whatever fits in the body.
const maxEventText = 1000

// checkEventText refuses a key or lead too long to be one, or with control characters
// (a NUL or a newline in a key would be stored and shown as it is).
func checkEventText(field, s string) error {
	switch {
	case len(s) > maxEventText:
		return paceline.FieldErrorf(field, "is %d bytes long; at most %d are kept (send the lead's profile URL or email, and a short key)", len(s), maxEventText)
	case strings.ContainsFunc(s, unicode.IsControl):
		return paceline.FieldErrorf(field, "has a control character (send it without newlines, tabs or NUL bytes)")
	}
	return nil
}

// MaxEventAhead is how far after the server's clock a reported event may be dated: a
// client's clock a little fast, not an event that has not happened. The engine reads
// each account's events up to now, so one dated in a later year would be acted on (a
// restriction or a limit notice pausing the account) only then, and would sit in every
// count until that day.
const MaxEventAhead = time.Hour

// checkEventTimes refuses an event dated more than MaxEventAhead after now, the
// server's clock (the demo's and serve's virtual one when they run on one), and an
// until that does not come after at (a restriction that ends before it began).
func checkEventTimes(at, until, now time.Time) error {
	if at.After(now.Add(MaxEventAhead)) {
		return paceline.FieldErrorf("at", "%s is more than %s after the server's clock (%s): send the instant the event happened, with its UTC offset, or leave at out to mean now",
			at.Format(time.RFC3339), MaxEventAhead, now.UTC().Format(time.RFC3339))
	}
	if !until.IsZero() && !until.After(at) {
		return paceline.FieldErrorf("until", "%s is not after at %s: send when the restriction or limit ends, later than the event, or leave until out when it is not known",
			until.Format(time.RFC3339), at.Format(time.RFC3339))
	}
	return nil
}

func (a *API) postEvent(w http.ResponseWriter, r *http.Request) error {
	var in eventInput
	if err := a.decode(w, r, &in); err != nil {
		return err
	}
	e := paceline.Event{Key: in.Key, Account: in.Account, Lead: in.Lead, Type: paceline.EventKind(in.Type)}
	if !eventKinds[e.Type] {
		return paceline.FieldErrorf("type", "unknown event type %q (want accepted, declined, replied, bounced, opted_out, withdrawn, warning, limit_notice or restricted)", in.Type)
	}
	for _, f := range []struct{ name, value string }{{"key", in.Key}, {"lead", in.Lead}} {
		if err := checkEventText(f.name, f.value); err != nil {
			return err
		}
	}
	var err error
	now := a.deps.now()
	if e.At, err = parseInstant("at", in.At, now); err != nil {
		return err
	}
	if e.Until, err = parseInstant("until", in.Until, time.Time{}); err != nil {
		return err
	}
	if err := checkEventTimes(e.At, e.Until, now); err != nil {
		return err
	}
	if in.Kind != "" {
		k, err := paceline.ParseActionKind(in.Kind)
		if err != nil {
			return err
		}
		e.Kind = k
	}
	if e.Lead, err = a.eventLead(r.Context(), in.Lead); err != nil {
		return err
	}
	recorded, err := a.deps.Events.RecordEvent(r.Context(), &e)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if !recorded {
		// The key is taken: answer with the event stored under it, which may differ
		// from this report, so that the client sees what the engine acts on.
		status = http.StatusOK
		if e, err = a.storedEvent(r.Context(), e.ID); err != nil {
			return err
		}
	}
	// Woken for a report sent again too: the first may have been stored by a request
	// whose wake failed.
	if err := a.wake(r.Context(), e); err != nil {
		return err
	}
	writeJSON(w, status, struct {
		Event    EventView `json:"event"`
		Recorded bool      `json:"recorded"`
	}{eventView(e), recorded})
	return nil
}

// wake brings forward the tick of the event's account (Deps.WakeFunc), which applies
// the event: it may sleep until a wait's timeout weeks away, and until it runs the
// enrollment stays waiting on an accept the campaign's status already counts.
func (a *API) wake(ctx context.Context, e paceline.Event) error {
	if a.deps.WakeFunc == nil {
		return nil
	}
	if err := a.deps.WakeFunc(ctx, e.Account); err != nil {
		a.deps.logger().Error("wake account after an event", "account", e.Account, "event", e.ID, "error", err)
		return paceline.Errorf(paceline.EUNAVAILABLE,
			"event %d is recorded, but account %s's tick could not be brought forward to act on it (it will at the tick's next planned run): send the report again with the same key to retry",
			e.ID, e.Account)
	}
	return nil
}
