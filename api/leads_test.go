package api_test

import (
	"testing"

	"github.com/paceline/paceline/api"
)

// With opted_out=true the list mixes opted-out leads in and says which they are, as
// GET /api/v1/leads/{id} does; it used to show them like the others.
func TestListWithOptedOutSaysWhichAre(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	id := f.Leads[1].ID
	if code, body := call(t, a, "POST", "/api/v1/leads/"+itoa(id)+"/opt-out", `{"reason": "asked"}`); code != 200 {
		t.Fatalf("opt-out: %d %s", code, body)
	}
	_, body := call(t, a, "GET", "/api/v1/leads?opted_out=true", "")
	var page api.LeadPage
	decodeJSON(t, body, &page)
	seen := false
	for _, l := range page.Leads {
		switch {
		case l.ID == id:
			seen = true
			if l.OptedOutAt.IsZero() {
				t.Errorf("the opted-out lead %d is listed without opted_out_at", id)
			}
		case !l.OptedOutAt.IsZero():
			t.Errorf("lead %d is listed as opted out at %v", l.ID, l.OptedOutAt)
		}
	}
	if !seen {
		t.Fatalf("opted_out=true does not list lead %d: %s", id, body)
	}
}
