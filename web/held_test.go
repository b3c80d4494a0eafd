package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// The tasks page lists the held steps with the engine's sentence and what to do, and
// a Resume button that resumes the step; resuming one no longer held says why on the
// page instead of failing, and the form needs the session's CSRF token.
func TestTasksPageHeldSteps(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	held := apitest.NewHeld()
	held.Steps[0].Why += ` <script>`
	srv := serveFixture(t, f, func(d *api.Deps) { d.Held = held })
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	_, body := get(t, c, srv.URL+"/tasks")
	for _, want := range []string{"Held steps", `step hello body: field &#34;company&#34; is missing or blank for this lead`, "&lt;script&gt;",
		"What to do: fill the lead&#39;s company in", `action="/tasks/held/resume"`, `value="bob-brown"`, ">Resume</button>"} {
		if !strings.Contains(body, want) {
			t.Fatalf("tasks page lacks %q:\n%s", want, body)
		}
	}
	form := url.Values{"csrf": {csrf}, "campaign": {"q1"}, "lead": {"bob-brown"}}
	if res, _ := postForm(t, c, srv.URL+"/tasks/held/resume", url.Values{"campaign": {"q1"}, "lead": {"bob-brown"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a resume without CSRF: %d", res.StatusCode)
	}
	res, _ := postForm(t, c, srv.URL+"/tasks/held/resume", form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/tasks?done=resumed" {
		t.Fatalf("resume: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if !held.Steps[0].Resuming {
		t.Fatal("the Resume button did not resume the step")
	}
	_, page := get(t, c, srv.URL+"/tasks?done=resumed")
	if !strings.Contains(page, "Resumed: the account&#39;s next tick renders the step again") || !strings.Contains(page, "Resume asked") ||
		strings.Contains(page, ">Resume</button>") {
		t.Errorf("after the resume the page lacks the notice or still offers the button:\n%s", page)
	}
	res, _ = postForm(t, c, srv.URL+"/tasks/held/resume", form)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/tasks?held=") {
		t.Fatalf("a second resume: %d %s", res.StatusCode, loc)
	}
	if _, page := get(t, c, srv.URL+loc); !strings.Contains(page, "Not resumed: lead bob-brown is resuming in campaign q1") {
		t.Errorf("the page does not say why the resume was refused")
	}
}

// Without held steps (or a runtime) the page has no held section.
func TestTasksPageNoHeldSteps(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	srv := serveFixture(t, f, func(d *api.Deps) { d.Held = &apitest.Held{} })
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	if _, body := get(t, c, srv.URL+"/tasks"); strings.Contains(body, "Held steps") {
		t.Errorf("the page shows a held section with nothing held")
	}
}
