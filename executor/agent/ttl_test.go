package agent_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/executor/agent"
)

// A lease longer than MaxTTL is refused with 400 and the maximum named, not cut to
// it: an agent counting on the length it asked for would otherwise report after the
// task had been offered again. The maximum itself is granted.
func TestLeaseTTLAboveMaximumRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.handOff(t, "alice", 1)
	lease := func(ttl int) (*http.Response, []byte) {
		t.Helper()
		body := strings.NewReader(`{"account": "alice", "ttl_seconds": ` + strconv.Itoa(ttl) + `}`)
		req, err := http.NewRequest(http.MethodPost, f.srv.URL+agent.Prefix+"lease", body)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer tok-all")
		req.Header.Set("Content-Type", "application/json")
		resp, err := f.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var raw json.RawMessage
		if err := json.NewDecoder(resp.Body).Decode(&raw); err != nil {
			t.Fatal(err)
		}
		return resp, raw
	}
	most := int(agent.MaxTTL / time.Second)
	resp, raw := lease(most + 1)
	var e agent.ErrorBody
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(e.Error.Message, "ttl_seconds") || !strings.Contains(e.Error.Message, strconv.Itoa(most)) {
		t.Fatalf("ttl_seconds %d: %d %s; want 400 naming ttl_seconds and the maximum %d", most+1, resp.StatusCode, raw, most)
	}
	resp, raw = lease(most)
	var l agent.Lease
	if err := json.Unmarshal(raw, &l); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !l.Expires.Equal(monday.Add(agent.MaxTTL)) {
		t.Fatalf("ttl_seconds %d: %d %s; want a lease until %s", most, resp.StatusCode, raw, monday.Add(agent.MaxTTL))
	}
}
