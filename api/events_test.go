package api_test

import (
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
	good := `{"key": "k-ü", "account": "alice", "lead": "https://www.linkedin.com/in/zoë/", "type": "limit_notice",
		"at": "2026-03-04T10:00:00.5+01:00", "until": "2026-03-05T10:00:00Z"}`
	if code, body := call(t, a, "POST", "/api/v1/events", good); code != 201 || !strings.Contains(body, `"until": "2026-03-05T10:00:00Z"`) {
		t.Fatalf("good event: %d %s", code, body)
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
