package api_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
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

// GET and DELETE of /api/v1/leads/imports reach the {id} routes: they answer 405 with
// Allow: POST, as a wrong method does, where they said "imports" is not a lead id.
func TestLeadsImportsPathWrongMethod(t *testing.T) {
	t.Parallel()
	a, _ := newAPI(t)
	for _, m := range []string{"GET", "DELETE"} {
		req := httptest.NewRequest(m, "/api/v1/leads/imports", nil)
		req.Header.Set("Authorization", "Bearer "+apitest.Token)
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, req)
		if rec.Code != 405 || rec.Header().Get("Allow") != "POST" || errorCode(t, rec.Body.String()) != "method_not_allowed" {
			t.Errorf("%s /api/v1/leads/imports: %d Allow %q %s", m, rec.Code, rec.Header().Get("Allow"), rec.Body.String())
		}
	}
}

// An opt-out's reason is bounded in characters, as the dashboard's form counts them:
// 500 accented letters (1,000 bytes) go, 501 are refused saying so.
func TestOptOutReasonCountsCharacters(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	long := `{"reason": "` + strings.Repeat("é", api.MaxOptOutReason+1) + `"}`
	if code, body := call(t, a, "POST", "/api/v1/leads/"+itoa(f.Leads[0].ID)+"/opt-out", long); code != 400 || !strings.Contains(body, "501 characters long") {
		t.Fatalf("opt-out with 501 characters: %d %s", code, body)
	}
	fits := `{"reason": "` + strings.Repeat("é", api.MaxOptOutReason) + `"}`
	if code, body := call(t, a, "POST", "/api/v1/leads/"+itoa(f.Leads[0].ID)+"/opt-out", fits); code != 200 {
		t.Fatalf("opt-out with 500 accented characters: %d %s", code, body)
	}
}
