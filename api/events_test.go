package api_test

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// A bad instant is refused naming its field, in the API's words: it used to answer
// with the time package's layout ("parsing time ... as \"2006-01-02T15:04:05Z07:00\"")
// and no field. A key or lead that cannot be one (control characters, a kilobyte of
// text) is refused before anything is stored; both used to be stored as sent.
func TestPostEventRefusesBadFields(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	count := func() int { return aliceEvents(t, f) }
	before := count()
	tests := []struct {
		name, body, field, says string
	}{
		{"at not an instant", `{"account": "alice", "type": "replied", "at": "yesterday"}`, "at", "RFC 3339"},
		{"at a number", `{"account": "alice", "type": "replied", "at": 12}`, "at", "want a string"},
		{"until not an instant", `{"account": "alice", "type": "limit_notice", "until": "2026-03-04 10:00"}`, "until", "RFC 3339"},
		{"NUL in key", `{"key": "k\u0000", "account": "alice", "type": "replied"}`, "key", "control character"},
		{"newline in lead", `{"account": "alice", "lead": "a\nb", "type": "replied"}`, "lead", "control character"},
		{"long key", `{"key": "` + strings.Repeat("k", 1500) + `", "account": "alice", "type": "replied"}`, "key", "at most 1000"},
		{"long lead", `{"account": "alice", "lead": "` + strings.Repeat("l", 1500) + `", "type": "replied"}`, "lead", "at most 1000"},
		// apitest.Now is 2026-03-04T14:00:00Z.
		{"at a century ahead", `{"account": "alice", "type": "replied", "at": "2126-01-01T10:00:00Z"}`, "at", "more than 1h0m0s after the server's clock (2026-03-04T14:00:00Z)"},
		{"at just over the hour ahead", `{"account": "alice", "type": "replied", "at": "2026-03-04T15:00:01Z"}`, "at", "send the instant the event happened"},
		{"at ahead through its offset", `{"account": "alice", "type": "replied", "at": "2026-03-04T14:30:00-01:00"}`, "at", "after the server's clock"},
		{"until before at", `{"account": "alice", "type": "restricted", "at": "2026-03-04T10:00:00Z", "until": "2026-03-03T10:00:00Z"}`, "until", "is not after at"},
		{"until at at", `{"account": "alice", "type": "restricted", "at": "2026-03-04T10:00:00Z", "until": "2026-03-04T11:00:00+01:00"}`, "until", "is not after at"},
		{"until before the default at", `{"account": "alice", "type": "limit_notice", "until": "2026-03-04T13:00:00Z"}`, "until", "is not after at 2026-03-04T14:00:00Z"},
	}
	for _, tt := range tests {
		code, body := call(t, a, "POST", "/api/v1/events", tt.body)
		var e struct {
			Error struct{ Code, Message, Field string }
		}
		decodeJSON(t, body, &e)
		if code != 400 || e.Error.Code != paceline.EINVALID || e.Error.Field != tt.field || !strings.Contains(e.Error.Message, tt.says) {
			t.Errorf("%s: %d %s, want 400 on field %s saying %q", tt.name, code, body, tt.field, tt.says)
		}
		if strings.Contains(body, "2006-01-02") || strings.Contains(body, "UnmarshalJSON") {
			t.Errorf("%s: the answer shows Go's internals: %s", tt.name, body)
		}
	}
	if n := count(); n != before {
		t.Fatalf("refused requests changed the events: %d, was %d", n, before)
	}
	good := `{"key": "k-ü", "account": "alice", "lead": "https://www.linkedin.com/in/Grace-Hopper/", "type": "limit_notice",
		"at": "2026-03-04T10:00:00.5+01:00", "until": "2026-03-05T10:00:00Z"}`
	if code, body := call(t, a, "POST", "/api/v1/events", good); code != 201 || !strings.Contains(body, `"until": "2026-03-05T10:00:00Z"`) {
		t.Fatalf("good event: %d %s", code, body)
	}
	// A client's clock a little fast is taken, up to the hour.
	fast := `{"account": "alice", "type": "replied", "at": "2026-03-04T15:00:00Z"}`
	if code, body := call(t, a, "POST", "/api/v1/events", fast); code != 201 {
		t.Fatalf("event 1h ahead: %d %s", code, body)
	}
}

// Bounds given the wrong way round are a client's mistake, not "no events".
func TestListEventsRefusesSwappedBounds(t *testing.T) {
	t.Parallel()
	a, _ := newAPI(t)
	code, body := call(t, a, "GET", "/api/v1/accounts/alice/events?since=2026-03-04T00:00:00Z&until=2026-03-01T00:00:00Z", "")
	if code != 400 || errorCode(t, body) != paceline.EINVALID || !strings.Contains(body, "swap") {
		t.Errorf("swapped bounds: %d %s", code, body)
	}
}

// aliceEvents counts the events the fixture's account alice has stored.
func aliceEvents(t *testing.T, f *apitest.Fixture) int {
	t.Helper()
	evs, err := f.Store.Events(t.Context(), "alice", time.Time{}, apitest.Now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

// A report of a key already stored, with other content, is answered with the event
// stored under the key (200, recorded false), not with what the report said: the
// answer used to echo the report's fields with the stored ID, so a client believed
// the engine had its version.
func TestPostEventDuplicateAnswersWithTheStoredEvent(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	first := `{"key": "mail-42", "account": "alice", "lead": "ada-lovelace", "type": "limit_notice", "kind": "invite",
		"at": "2026-03-04T10:00:00Z", "until": "2026-03-05T10:00:00Z"}`
	code, body := call(t, a, "POST", "/api/v1/events", first)
	if code != 201 {
		t.Fatalf("first report: %d %s", code, body)
	}
	var stored struct {
		Event    api.EventView
		Recorded bool
	}
	decodeJSON(t, body, &stored)
	before := aliceEvents(t, f)

	other := `{"key": "mail-42", "account": "bob", "lead": "grace-hopper", "type": "replied", "at": "2026-03-04T12:00:00+01:00"}`
	code, body = call(t, a, "POST", "/api/v1/events", other)
	var got struct {
		Event    api.EventView
		Recorded bool
	}
	decodeJSON(t, body, &got)
	if code != 200 || got.Recorded {
		t.Fatalf("second report of the key: %d %s, want 200 with recorded false", code, body)
	}
	want := api.EventView{ID: stored.Event.ID, Key: "mail-42", At: time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC),
		Account: "alice", Lead: "ada-lovelace", Type: "limit_notice", Kind: "invite", Until: time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)}
	if !got.Event.At.Equal(want.At) || !got.Event.Until.Equal(want.Until) {
		t.Errorf("answer's instants %s, %s; want the stored %s, %s", got.Event.At, got.Event.Until, want.At, want.Until)
	}
	got.Event.At, got.Event.Until = want.At, want.Until
	if got.Event != want {
		t.Errorf("answer %+v, want the stored event %+v", got.Event, want)
	}
	if n := aliceEvents(t, f); n != before {
		t.Errorf("the duplicate changed alice's events: %d, was %d", n, before)
	}
}

// recordAliceEvents stores n replied events of alice before apitest.Now, three at each
// instant, so that pages end in the middle of an instant.
func recordAliceEvents(t *testing.T, f *apitest.Fixture, n int) {
	t.Helper()
	for i := range n {
		e := paceline.Event{At: apitest.Now.Add(-time.Duration(i/3+1) * time.Minute), Account: "alice", Type: paceline.EventReplied,
			Lead: fmt.Sprintf("lead-%d", i)}
		if _, err := f.Store.RecordEvent(t.Context(), &e); err != nil {
			t.Fatal(err)
		}
	}
}

// eventPages follows next_cursor from path on and returns the events of every page,
// in order, and the number of pages; it fails on a page larger than max.
func eventPages(t *testing.T, a *api.API, path string, max int) ([]api.EventView, int) {
	t.Helper()
	var all []api.EventView
	pages := 0
	for next := path; next != ""; pages++ {
		if pages > 1000 {
			t.Fatalf("more than 1000 pages from %s: the cursor does not move on", path)
		}
		code, body := call(t, a, "GET", next, "")
		var p api.EventPage
		decodeJSON(t, body, &p)
		if code != 200 || len(p.Events) > max {
			t.Fatalf("%s: %d with %d events, want 200 with at most %d: %s", next, code, len(p.Events), max, body)
		}
		if p.NextCursor != "" && len(p.Events) < max {
			t.Fatalf("%s: a page of %d events, not full, says another follows", next, len(p.Events))
		}
		all = append(all, p.Events...)
		next = ""
		if p.NextCursor != "" {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			next = path + sep + "cursor=" + url.QueryEscape(p.NextCursor)
		}
	}
	return all, pages
}

// wantEachOnce fails unless got is the stored events, each once, in the list's order.
func wantEachOnce(t *testing.T, got []api.EventView, stored []paceline.Event) {
	t.Helper()
	seen := map[int64]int{}
	for _, e := range got {
		seen[e.ID]++
	}
	for _, e := range stored {
		if seen[e.ID] != 1 {
			t.Errorf("event %d (%s at %s) seen %d times, want once", e.ID, e.Lead, e.At, seen[e.ID])
		}
	}
	if len(got) != len(stored) {
		t.Fatalf("the pages hold %d events, the store %d", len(got), len(stored))
	}
	for i := range got {
		if got[i].ID != stored[i].ID {
			t.Fatalf("event %d of the pages is %d, want %d: not in the list's order", i, got[i].ID, stored[i].ID)
		}
	}
}

// The events list comes in pages: limit events each (50 unless asked, as the leads
// list), and next_cursor takes the list on; following it sees every event once, also
// when a page ends between events at the same instant. It used to answer the whole
// range at once.
func TestListEventsPages(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	recordAliceEvents(t, f, 56)
	since, until := apitest.Now.Add(-30*24*time.Hour), apitest.Now.Add(time.Hour)
	stored, err := f.Store.Events(t.Context(), "alice", since, until)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) <= api.DefaultPageSize {
		t.Fatalf("the fixture holds %d events, not more than a page", len(stored))
	}
	t.Run("limit 4", func(t *testing.T) {
		t.Parallel()
		path := "/api/v1/accounts/alice/events?limit=4&since=" + since.Format(time.RFC3339) + "&until=" + until.Format(time.RFC3339)
		got, pages := eventPages(t, a, path, 4)
		wantEachOnce(t, got, stored)
		if want := (len(stored) + 3) / 4; pages != want {
			t.Errorf("%d pages of 4 for %d events, want %d", pages, len(stored), want)
		}
	})
	t.Run("default limit and window", func(t *testing.T) {
		t.Parallel()
		week, err := f.Store.Events(t.Context(), "alice", apitest.Now.Add(-7*24*time.Hour), apitest.Now.Add(time.Nanosecond))
		if err != nil {
			t.Fatal(err)
		}
		got, pages := eventPages(t, a, "/api/v1/accounts/alice/events", api.DefaultPageSize)
		wantEachOnce(t, got, week)
		if pages != 2 {
			t.Errorf("%d pages for %d events, want 2 of at most %d", pages, len(week), api.DefaultPageSize)
		}
	})
}

// A limit or cursor that cannot be one is refused naming its field and saying what
// to send, not ignored.
func TestListEventsRefusesBadPaging(t *testing.T) {
	t.Parallel()
	a, _ := newAPI(t)
	b64 := base64.RawURLEncoding.EncodeToString
	tests := []struct {
		query, field, says string
	}{
		{"limit=0", "limit", "from 1 to 500"},
		{"limit=501", "limit", "from 1 to 500"},
		{"limit=-2", "limit", "from 1 to 500"},
		{"limit=ten", "limit", "from 1 to 500"},
		{"limit=2.5", "limit", "from 1 to 500"},
		{"cursor=not-base64!", "cursor", "next_cursor"},
		{"cursor=" + b64([]byte("12")), "cursor", "next_cursor"},
		{"cursor=" + b64([]byte("x/2026-03-04T10:00:00Z")), "cursor", "next_cursor"},
		{"cursor=" + b64([]byte("0/2026-03-04T10:00:00Z")), "cursor", "next_cursor"},
		{"cursor=" + b64([]byte("12/yesterday")), "cursor", "next_cursor"},
	}
	for _, tt := range tests {
		code, body := call(t, a, "GET", "/api/v1/accounts/alice/events?"+tt.query, "")
		var e struct {
			Error struct{ Code, Message, Field string }
		}
		decodeJSON(t, body, &e)
		if code != 400 || e.Error.Code != paceline.EINVALID || e.Error.Field != tt.field || !strings.Contains(e.Error.Message, tt.says) {
			t.Errorf("%s: %d %s, want 400 on field %s saying %q", tt.query, code, body, tt.field, tt.says)
		}
	}
}
