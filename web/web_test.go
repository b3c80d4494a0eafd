package web_test

import (
	"flag"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/web"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// newServer starts the dashboard on the fixture and returns its URL.
func newServer(t *testing.T) (*httptest.Server, *apitest.Fixture) {
	t.Helper()
	f := apitest.New(t)
	return serveFixture(t, f, nil), f
}

// serveFixture serves the dashboard over the fixture's store, users and task desk at
// apitest.Now, with the dependencies changed first by with (nil changes none).
func serveFixture(t *testing.T, f *apitest.Fixture, with func(*api.Deps)) *httptest.Server {
	t.Helper()
	deps := api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store,
		Users: f.Users, Tasks: f.Desk, Importer: f.Store, NowFunc: func() time.Time { return apitest.Now }}
	if with != nil {
		with(&deps)
	}
	s, err := web.New(web.Deps{API: deps})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv
}

// client is a browser-like client: cookies kept, redirects not followed.
func client(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func postForm(t *testing.T, c *http.Client, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	res, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login logs the client in and returns the session's CSRF token.
func login(t *testing.T, c *http.Client, base, password string) (int, string) {
	t.Helper()
	_, body := get(t, c, base+"/login")
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("login page has no CSRF field: %s", body)
	}
	res, _ := postForm(t, c, base+"/login", url.Values{"csrf": {m[1]}, "user": {apitest.User}, "password": {password}, "next": {"/leads"}})
	if res.StatusCode != http.StatusSeeOther {
		return res.StatusCode, ""
	}
	_, page := get(t, c, base+"/accounts")
	m = csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("page has no CSRF field: %s", page)
	}
	return res.StatusCode, m[1]
}

func TestLoginAndSessions(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	res, err := c.Get(srv.URL + "/accounts")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
		t.Fatalf("logged-out page: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if code, _ := login(t, c, srv.URL, "wrong password!"); code != http.StatusUnauthorized {
		t.Errorf("wrong password: %d", code)
	}
	// A login post without the login form's token is refused.
	bare := client(t)
	if res, _ := postForm(t, bare, srv.URL+"/login", url.Values{"user": {apitest.User}, "password": {apitest.Password}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("login without CSRF: %d", res.StatusCode)
	}
	code, csrf := login(t, c, srv.URL, apitest.Password)
	if code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	u, _ := url.Parse(srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "paceline_session" && len(ck.Value) < 40 {
			t.Errorf("session cookie %q is too short to be a secret", ck.Value)
		}
	}
	for _, p := range []string{"/accounts", "/leads", "/campaigns", "/tasks", "/sequences", "/static/app.css", "/static/app.js"} {
		if code, _ := get(t, c, srv.URL+p); code != 200 {
			t.Errorf("GET %s: %d", p, code)
		}
	}
	// CSRF: a logout without the token, or with another, is refused and keeps the session.
	for _, form := range []url.Values{{}, {"csrf": {"forged"}}} {
		if res, _ := postForm(t, c, srv.URL+"/logout", form); res.StatusCode != http.StatusForbidden {
			t.Errorf("logout with %v: %d", form, res.StatusCode)
		}
	}
	if code, _ := get(t, c, srv.URL+"/accounts"); code != 200 {
		t.Fatalf("session lost after refused logouts: %d", code)
	}
	if res, _ := postForm(t, c, srv.URL+"/logout", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.StatusCode)
	}
	if code, _ := get(t, c, srv.URL+"/accounts"); code != http.StatusSeeOther {
		t.Errorf("page after logout: %d", code)
	}
}

func TestSafeNext(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	_, body := get(t, c, srv.URL+"/login")
	m := csrfField.FindStringSubmatch(body)
	res, _ := postForm(t, c, srv.URL+"/login", url.Values{"csrf": {m[1]}, "user": {apitest.User}, "password": {apitest.Password}, "next": {"//evil.example/x"}})
	if loc := res.Header.Get("Location"); loc != "/accounts" {
		t.Errorf("redirect to %q, want /accounts", loc)
	}
}

func TestEditorEndpoints(t *testing.T) {
	t.Parallel()
	srv, f := newServer(t)
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	post := func(path, body, token string) (int, string) {
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("X-CSRF-Token", token)
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	code, body := post("/sequences/validate", `{"yaml": "name: x\nsteps:\n  - id: a\n    teleport: {}\n"}`, csrf)
	if code != 200 || !strings.Contains(body, `"valid":false`) || !strings.Contains(body, `"line":4`) {
		t.Errorf("validate: %d %s", code, body)
	}
	if code, _ := post("/sequences/validate", `{"yaml": ""}`, ""); code != http.StatusForbidden {
		t.Errorf("validate without CSRF: %d", code)
	}
	code, body = post("/sequences/preview", `{"yaml": "name: x\nsteps:\n  - id: a\n    invite: {note: \"Hi {{first_name}}\"}\n", "lead_id": `+itoa(f.Leads[2].ID)+`}`, csrf)
	if code != 200 || !strings.Contains(body, `Hi \u003cscript\u003e`) {
		t.Errorf("preview: %d %s", code, body)
	}
	if code, _ := post("/sequences/validate", `{"yaml": "", "extra": 1}`, csrf); code != 400 {
		t.Errorf("unknown field: %d", code)
	}
}

var (
	tokenValue = regexp.MustCompile(`(name="csrf" value="|name="csrf-token" content=")[^"]+"`)
)

// TestGoldenPages renders each page for the fixture and compares it with
// testdata/NAME.html; go test ./web -update rewrites them.
func TestGoldenPages(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	for _, name := range []string{"accounts", "leads", "campaigns", "tasks", "sequences"} {
		code, body := get(t, c, srv.URL+"/"+name)
		if code != 200 {
			t.Fatalf("%s: %d", name, code)
		}
		body = tokenValue.ReplaceAllString(body, `${1}TOKEN"`)
		path := filepath.Join("testdata", name+".html")
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./web -update)", err)
		}
		if body != string(want) {
			t.Errorf("%s differs from %s (go test ./web -update rewrites it):\n%s", name, path, firstDiff(body, string(want)))
		}
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + itoa(int64(i+1)) + ":\n got  " + a + "\n want " + b
		}
	}
	return ""
}

// A lead's fields are data, never markup: a lead named <script> shows as text on every
// page that lists it.
func TestLeadDataIsEscaped(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	for _, p := range []string{"/leads", "/sequences"} {
		_, body := get(t, c, srv.URL+p)
		if strings.Contains(body, "<script>alert(1)</script>") || strings.Contains(body, "<b>Evil</b>") {
			t.Errorf("%s renders lead data as markup", p)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s does not show the lead's name as text", p)
		}
	}
	res, err := c.Get(srv.URL + "/leads")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q does not forbid inline scripts", csp)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestTasksPage(t *testing.T) {
	t.Parallel()
	srv, f := newServer(t)
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	_, body := get(t, c, srv.URL+"/tasks")
	if !strings.Contains(body, `id="task-`+itoa(f.Tasks[0].ID)+`"`) || strings.Contains(body, "<script>alert(1)</script>") {
		t.Fatalf("tasks page lacks the task or renders its text as markup:\n%s", body)
	}
	finish := srv.URL + "/tasks/" + itoa(f.Tasks[0].ID) + "/finish"
	if res, _ := postForm(t, c, finish, url.Values{"outcome": {"sent"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("finish without CSRF: %d", res.StatusCode)
	}
	if res, _ := postForm(t, c, finish, url.Values{"outcome": {"maybe"}, "csrf": {csrf}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("finish with a bad outcome: %d", res.StatusCode)
	}
	res, _ := postForm(t, c, finish, url.Values{"outcome": {"sent"}, "csrf": {csrf}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/tasks?done=sent" {
		t.Fatalf("finish: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = get(t, c, srv.URL+"/tasks?done=sent")
	if strings.Contains(body, `id="task-`+itoa(f.Tasks[0].ID)+`"`) || !strings.Contains(body, "Marked done") {
		t.Errorf("the done task is still listed")
	}
	task, err := f.Store.Task(t.Context(), f.Tasks[0].ID)
	if err != nil || task.State != paceline.TaskDone {
		t.Errorf("stored task %+v %v", task, err)
	}
}

func TestForecastPage(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	code, body := get(t, c, srv.URL+"/forecast")
	if code != 200 || !strings.Contains(body, `id="run-forecast"`) || strings.Contains(body, "<svg") {
		t.Fatalf("forecast form: %d", code)
	}
	code, body = get(t, c, srv.URL+"/forecast?runs=3&weeks=2")
	if code != 200 || !strings.Contains(body, "<svg") || !strings.Contains(body, "3 accounts, 6 leads, 3 runs of 2 weeks") {
		t.Fatalf("forecast: %d %s", code, body)
	}
	for _, bad := range []string{"runs=0&weeks=2", "runs=201&weeks=2", "runs=3&weeks=27", "runs=x&weeks=2"} {
		if code, _ := get(t, c, srv.URL+"/forecast?"+bad); code != 400 {
			t.Errorf("%s: %d", bad, code)
		}
	}
}

// Password guessing is cut off after a few failures for one name, even with the right
// password, and other names are not affected.
func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	srv, f := newServer(t)
	c := client(t)
	for i := range web.MaxLoginFailures {
		if code, _ := login(t, c, srv.URL, "wrong guess "+strconv.Itoa(i)); code != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, code)
		}
	}
	if code, _ := login(t, c, srv.URL, apitest.Password); code != http.StatusTooManyRequests {
		t.Errorf("the right password after %d failures: %d, want 429", web.MaxLoginFailures, code)
	}
	// Another user logs in as usual.
	hash, _ := paceline.HashPassword("another good password", 1000)
	if _, err := f.Users.CreateUser(t.Context(), "other", hash); err != nil {
		t.Fatal(err)
	}
	other := client(t)
	_, body := get(t, other, srv.URL+"/login")
	m := csrfField.FindStringSubmatch(body)
	res, _ := postForm(t, other, srv.URL+"/login", url.Values{"csrf": {m[1]}, "user": {"other"}, "password": {"another good password"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("another user's login: %d", res.StatusCode)
	}
}
