package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api/apitest"
)

// An event may name its lead by profile URL, address or key: it is stored under the
// reference the runtime keeps for the lead (a stored lead's own, whichever of its keys
// was given), so that a reply reported by address stops a lead enrolled by profile. A
// lead no one could be is refused with a message that says how to name one. A lead
// the leads table does not hold is taken when the ledger or the events know it.
func TestPostEventResolvesTheLead(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	// Known only to the ledger: invited by hand, never imported.
	for _, ref := range []string{"email:new@person.example", "someone-new"} {
		act := paceline.Action{Key: "hand-" + ref, At: apitest.Now.Add(-time.Hour), Account: "alice", Kind: paceline.KindInvite,
			Lead: ref, Result: paceline.ResultDone}
		if err := f.Store.RecordAction(context.Background(), &act); err != nil {
			t.Fatal(err)
		}
	}
	for i, tt := range []struct{ lead, want string }{
		{"https://www.linkedin.com/in/Grace-Hopper/?trk=x", "grace-hopper"},
		{"Grace@Navy.example", "grace-hopper"},
		{"email:grace@navy.example", "grace-hopper"},
		{"in:ada-lovelace", "ada-lovelace"},
		{"new@person.example", "email:new@person.example"},
		{"https://fr.linkedin.com/in/someone-new", "someone-new"},
	} {
		key := "resolve-" + string(rune('a'+i))
		body := `{"key": "` + key + `", "account": "alice", "lead": "` + tt.lead + `", "type": "replied"}`
		if code, out := call(t, a, "POST", "/api/v1/events", body); code != 201 {
			t.Fatalf("%s: %d %s", tt.lead, code, out)
		}
		evs, err := f.Store.Events(context.Background(), "alice", apitest.Now.AddDate(0, 0, -1), apitest.Now.AddDate(0, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		var got string
		for _, e := range evs {
			if e.Key == key {
				got = e.Lead
			}
		}
		if got != tt.want {
			t.Errorf("lead %q stored as %q, want %q", tt.lead, got, tt.want)
		}
	}
	code, body := call(t, a, "POST", "/api/v1/events", `{"account": "alice", "lead": "https://example.com/in/x", "type": "replied"}`)
	if code != 400 || errorCode(t, body) != paceline.EINVALID || !strings.Contains(body, "profile URL") {
		t.Errorf("a lead no one could be: %d %s, want 400 saying how to name a lead", code, body)
	}
	// Nobody: not a lead, and nothing names them. The event would stop no sequence.
	before, err := f.Store.Events(context.Background(), "alice", apitest.Now.AddDate(0, 0, -1), apitest.Now.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ lead, key string }{
		{"in:nobody", "in:nobody"},
		{"https://www.linkedin.com/in/no-such-person/", "in:no-such-person"},
		{"typo@navy.example", "email:typo@navy.example"},
	} {
		code, body := call(t, a, "POST", "/api/v1/events", `{"account": "alice", "lead": "`+tt.lead+`", "type": "replied"}`)
		if code != 404 || errorCode(t, body) != paceline.ENOTFOUND || !strings.Contains(body, tt.key) || !strings.Contains(body, "GET /api/v1/leads") {
			t.Errorf("%s, whom nothing knows: %d %s, want 404 naming %s and how to find leads", tt.lead, code, body, tt.key)
		}
	}
	after, err := f.Store.Events(context.Background(), "alice", apitest.Now.AddDate(0, 0, -1), apitest.Now.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Errorf("refused events were stored: %d events, were %d", len(after), len(before))
	}
}
