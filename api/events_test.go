package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
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
