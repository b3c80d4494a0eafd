package api_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// A reported event wakes its account's tick (WakeFunc), which applies it: a new one,
// and one sent again under its key (the first request's wake may have failed). A
// wake that fails is an unavailable answer saying the event is kept and how to retry,
// not a success that leaves the tick asleep for weeks. A refused event wakes nothing.
func TestPostEventWakesTheAccount(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	var woken []string
	var fail error
	a := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users,
		NowFunc: func() time.Time { return apitest.Now },
		WakeFunc: func(_ context.Context, account string) error {
			woken = append(woken, account)
			return fail
		}})
	const body = `{"key": "k1", "account": "alice", "type": "accepted", "lead": "https://www.linkedin.com/in/grace-hopper"}`
	if code, out := call(t, a, "POST", "/api/v1/events", body); code != 201 {
		t.Fatalf("post: %d %s", code, out)
	}
	if code, out := call(t, a, "POST", "/api/v1/events", body); code != 200 {
		t.Fatalf("post again: %d %s", code, out)
	}
	if !slices.Equal(woken, []string{"alice", "alice"}) {
		t.Fatalf("woke %v, want alice for the event and for its report sent again", woken)
	}
	if code, _ := call(t, a, "POST", "/api/v1/events", `{"account": "alice", "type": "no-such"}`); code != 400 || len(woken) != 2 {
		t.Fatalf("a refused event: %d, woke %v", code, woken)
	}
	fail = errors.New("database is locked")
	code, out := call(t, a, "POST", "/api/v1/events", strings.Replace(body, "k1", "k2", 1))
	if code != 503 || errorCode(t, out) != paceline.EUNAVAILABLE || !strings.Contains(out, "is recorded") || !strings.Contains(out, "same key") ||
		strings.Contains(out, "database is locked") {
		t.Fatalf("a failed wake: %d %s, want 503 saying the event is kept and to send it again", code, out)
	}
}
