package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// A Done or Skip button on a page gone stale (the task already reported from another
// tab, or planned again since) brings the user back to the tasks list with the reason,
// as the review and resume buttons do, not to a bare error page that names the CLI.
func TestFinishTaskFromAStalePage(t *testing.T) {
	t.Parallel()
	srv, f := newServer(t)
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	finish := srv.URL + "/tasks/" + itoa(f.Tasks[0].ID) + "/finish"
	if res, _ := postForm(t, c, finish, url.Values{"outcome": {"sent"}, "csrf": {csrf}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("finish: %d", res.StatusCode)
	}
	for _, tc := range []struct {
		url, want string
	}{
		{finish, "already reported sent"},
		{srv.URL + "/tasks/999999/finish", "there is no task 999999"},
	} {
		res, body := postForm(t, c, tc.url, url.Values{"outcome": {"skipped"}, "csrf": {csrf}})
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/tasks?") {
			t.Fatalf("%s: %d to %q, want a redirect to the tasks page\n%s", tc.url, res.StatusCode, loc, body)
		}
		code, page := get(t, c, srv.URL+loc)
		if code != http.StatusOK || !strings.Contains(page, `role="alert">Not recorded: `) || !strings.Contains(page, tc.want) ||
			strings.Contains(page, "paceline tasks list") || strings.Contains(page, "no longer open") {
			t.Errorf("%s: tasks page %d does not say %q as a dashboard sentence:\n%s", tc.url, code, tc.want, page)
		}
	}
	// A forged flash is not shown.
	if _, page := get(t, c, srv.URL+"/tasks?task=Your+password+expired"); strings.Contains(page, "password expired") {
		t.Errorf("the tasks page shows an untagged message")
	}
}

// Approving or rejecting a text already decided (from another tab, or by another
// reviewer) brings the user back to the tasks list with why, not to a 404 page.
func TestReviewFromAStalePage(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	rv := &fakeReviews{} // nothing waits: every decision finds no text
	srv := serveFixture(t, f, func(d *api.Deps) { d.Reviews = rv })
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	for _, decision := range []string{"approve", "reject"} {
		res, body := postForm(t, c, srv.URL+"/tasks/reviews", url.Values{"csrf": {csrf}, "campaign": {"q1"}, "lead": {"zoe-martin"}, "step": {"connect"}, "decision": {decision}})
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/tasks?") {
			t.Fatalf("%s of a decided text: %d to %q\n%s", decision, res.StatusCode, loc, body)
		}
		if _, page := get(t, c, srv.URL+loc); !strings.Contains(page, `role="alert">Not recorded: no text for`) {
			t.Errorf("%s of a decided text: the tasks page does not say why:\n%s", decision, page)
		}
	}
}

// The tasks of a paused account leave the to-do list for the Later table, which says
// they are paused and what resumes them instead of a slot that will not come, as the
// API's task views do.
func TestTasksPageShowsPausedTasks(t *testing.T) {
	t.Parallel()
	srv, f := newServer(t)
	acct, err := f.Store.Account(t.Context(), "carol")
	if err != nil {
		t.Fatal(err)
	}
	acct.State = paceline.AccountPaused
	if err := f.Store.UpdateAccount(t.Context(), acct); err != nil {
		t.Fatal(err)
	}
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	_, page := get(t, c, srv.URL+"/tasks")
	if strings.Contains(page, `data-task="`) || strings.Count(page, "<td>account carol is paused: its tasks are offered again") != 2 {
		t.Errorf("the tasks page of a paused account does not list its 2 tasks as paused:\n%s", page)
	}
}
