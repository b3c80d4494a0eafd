package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/executor/assist"
)

// An outcome the desk does not take is refused naming the outcomes it takes: it said
// "is not done or skip", while the buttons send sent and skipped. A missing one is
// refused, not read as sent.
func TestFinishTaskNamesTheAcceptedOutcomes(t *testing.T) {
	t.Parallel()
	srv, f := newServer(t)
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	finish := srv.URL + "/tasks/" + itoa(f.Tasks[0].ID) + "/finish"
	for _, outcome := range []string{"bogus", ""} {
		res, body := postForm(t, c, finish, url.Values{"outcome": {outcome}, "csrf": {csrf}})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, assist.OutcomeList("or")) || strings.Contains(body, "done or skip") {
			t.Errorf("outcome %q: %d, want 400 naming %s:\n%s", outcome, res.StatusCode, assist.OutcomeList("or"), body)
		}
	}
	if got, _ := f.Store.Task(t.Context(), f.Tasks[0].ID); !got.State.Open() {
		t.Errorf("a refused outcome finished the task: %s", got.State)
	}
}
