package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/secret"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/webhook"
)

var (
	printedPassword = regexp.MustCompile(`password: (\S+)`)
	printedToken    = regexp.MustCompile(`token \d+ for admin: (\S+)`)
	loginCSRF       = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

// pgClient talks to a serve: a cookie jar for the dashboard, a token for the API.
type pgClient struct {
	t     *testing.T
	base  string
	token string
	http  *http.Client
}

// do sends a request and returns the status and the body.
func (c *pgClient) do(method, path, contentType, body string, withToken bool) (int, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if withToken {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// api GETs an API path with the token and decodes the JSON answer into v.
func (c *pgClient) api(path string, v any) {
	c.t.Helper()
	code, body := c.do("GET", path, "", "", true)
	if code != http.StatusOK {
		c.t.Fatalf("GET %s: %d %s", path, code, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		c.t.Fatalf("GET %s: %v in %s", path, err, body)
	}
}

// eventually calls f until it reports true, failing the test after d.
func eventually(t *testing.T, d time.Duration, what string, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, d)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestServeAppOnPostgres runs serve on PostgreSQL in a child process and uses what it
// mounts as on a SQLite file: the dashboard's login and tasks page, the JSON API with a
// token made by paceline tokens create (accounts, an upload imported into PostgreSQL's
// leads, the tasks of an assisted account's running campaign) and the agent protocol
// with a token made by paceline tasks token.
func TestServeAppOnPostgres(t *testing.T) {
	t.Parallel()
	db := postgresSchema(t)
	dir := t.TempDir()
	mustCLI(t, db, "migrate")
	// Caps far above the preset put a day's slots seconds apart: with the preset's the
	// first slot after midnight came up to an hour later, and the test waited 30 s for
	// it in vain between 00:00 and 01:00 UTC.
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free", "--executor", "assist",
		"--working-hours", "00:00-24:00", "--working-days", "mon-sun", "--cap", "invite=100000", "--beyond-safe-limits")
	mustCLI(t, db, "accounts", "add", "--name", "bot", "--type", "free", "--executor", "agent")
	agentToken := strings.TrimSpace(mustCLI(t, db, "tasks", "token", "--name", "laptop", "--account", "bot"))
	pw := printedPassword.FindStringSubmatch(mustCLI(t, db, "users", "create", "admin"))
	tok := printedToken.FindStringSubmatch(mustCLI(t, db, "tokens", "create", "--user", "admin"))
	if pw == nil || tok == nil {
		t.Fatal("users create or tokens create printed no secret")
	}
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "q.csv",
		"profileUrl,fullName,title\nhttps://www.linkedin.com/in/ada-pg,Ada Lovelace,CTO\n"), "--list", "q")
	mustCLI(t, db, "campaigns", "create", "--name", "q", "--list", "q", "--accounts", "ann")
	mustCLI(t, db, "campaigns", "start", "q")

	cmd, out := startChild(t, "serve", "--db", db, "--addr", "127.0.0.1:0")
	defer cmd.Process.Kill()
	waitFor(t, out, "serving on", 15*time.Second)
	if strings.Contains(out.String(), "created dashboard user") {
		t.Errorf("serve made a first user although admin exists:\n%s", out)
	}
	jar, _ := cookiejar.New(nil)
	c := &pgClient{t: t, base: servingOn.FindStringSubmatch(out.String())[1], token: tok[1],
		http: &http.Client{Jar: jar, Timeout: 10 * time.Second}}

	for _, tc := range []struct {
		method, path string
		token        bool
		want         int
	}{
		{"GET", "/api/v1/accounts", false, http.StatusUnauthorized},
		{"POST", "/api/v1/agent/lease", false, http.StatusUnauthorized},
		{"GET", "/tasks", false, http.StatusOK}, // redirected to the login form
	} {
		if code, body := c.do(tc.method, tc.path, "application/json", "{}", tc.token); code != tc.want {
			t.Errorf("%s %s: %d, want %d: %s", tc.method, tc.path, code, tc.want, body)
		}
	}

	var accounts struct {
		Accounts []struct{ Name, Executor string }
	}
	c.api("/api/v1/accounts", &accounts)
	if len(accounts.Accounts) != 2 || accounts.Accounts[0].Name != "ann" || accounts.Accounts[0].Executor != "assist" {
		t.Errorf("GET /api/v1/accounts: %+v", accounts)
	}
	// The agent token made by tasks token on PostgreSQL leases for bot: nothing is due.
	agent := &pgClient{t: t, base: c.base, token: agentToken, http: &http.Client{Timeout: 10 * time.Second}}
	if code, body := agent.do("POST", "/api/v1/agent/lease", "application/json", `{"account": "bot"}`, true); code != http.StatusNoContent {
		t.Errorf("POST /api/v1/agent/lease with the agent token: %d %s, want 204", code, body)
	}

	// An upload is imported into PostgreSQL's leads and listed with the others.
	code, body := c.do("POST", "/api/v1/leads/imports?list=api", "text/csv",
		"profileUrl,fullName,title\nhttps://www.linkedin.com/in/grace-pg,Grace Hopper,VP Engineering\n", true)
	var imp struct{ ID, State, Error string }
	if err := json.Unmarshal([]byte(body), &imp); code != http.StatusAccepted || err != nil || imp.ID == "" {
		t.Fatalf("POST /api/v1/leads/imports: %d %s", code, body)
	}
	eventually(t, 15*time.Second, "the import ends", func() bool {
		c.api("/api/v1/leads/imports/"+imp.ID, &imp)
		return imp.State != "running"
	})
	if imp.State != "done" {
		t.Fatalf("import %s: %s %s", imp.ID, imp.State, imp.Error)
	}
	var page struct {
		Leads []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		}
	}
	c.api("/api/v1/leads?list=api", &page)
	if len(page.Leads) != 1 || page.Leads[0].Name != "Grace Hopper" {
		t.Errorf("GET /api/v1/leads?list=api: %+v", page)
	}
	c.api("/api/v1/leads", &page)
	if len(page.Leads) != 2 {
		t.Errorf("GET /api/v1/leads: %d leads, want 2 (the CLI's and the upload's)", len(page.Leads))
	}

	// A campaign created and started through the API enrolls the uploaded list.
	code, body = c.do("POST", "/api/v1/campaigns", "application/json", `{"name": "api", "list": "api", "accounts": ["ann"]}`, true)
	if code != http.StatusCreated {
		t.Fatalf("POST /api/v1/campaigns: %d %s", code, body)
	}
	var camp struct{ Name, State string }
	code, body = c.do("POST", "/api/v1/campaigns/api/start", "application/json", "", true)
	if err := json.Unmarshal([]byte(body), &camp); code != http.StatusOK || err != nil || camp.State != "active" {
		t.Fatalf("POST /api/v1/campaigns/api/start: %d %s", code, body)
	}
	st, err := postgres.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if states, _, err := st.CampaignCounts(t.Context(), "api"); err != nil || sum(states) != 1 {
		t.Errorf("campaign api on PostgreSQL: %v enrolled (%v), want Grace", states, err)
	}

	// The running campaign hands Ada's invite to a person: the API lists the task, and
	// the dashboard's tasks page shows it once logged in.
	var tasks struct{ Tasks []struct{ Lead, Kind string } }
	eventually(t, 30*time.Second, "ann's task", func() bool {
		c.api("/api/v1/tasks", &tasks)
		return len(tasks.Tasks) > 0
	})
	if tasks.Tasks[0].Lead != "ada-pg" {
		t.Errorf("GET /api/v1/tasks: %+v, want Ada's", tasks)
	}
	if list := mustCLI(t, db, "tasks", "list", "--account", "ann"); !strings.Contains(list, "ada-pg") {
		t.Errorf("paceline tasks list on PostgreSQL does not show Ada's task:\n%s", list)
	}
	_, form := c.do("GET", "/login", "", "", false)
	m := loginCSRF.FindStringSubmatch(form)
	if m == nil {
		t.Fatalf("the login page has no form: %s", form)
	}
	code, _ = c.do("POST", "/login", "application/x-www-form-urlencoded",
		url.Values{"csrf": {m[1]}, "user": {"admin"}, "password": {pw[1]}, "next": {"/tasks"}}.Encode(), false)
	if code != http.StatusOK {
		t.Fatalf("login: %d", code)
	}
	code, tasksPage := c.do("GET", "/tasks", "", "", false)
	if code != http.StatusOK || !strings.Contains(tasksPage, "ada-pg") || strings.Contains(tasksPage, `name="password"`) {
		t.Errorf("GET /tasks after login: %d, Ada's task shown: %v", code, strings.Contains(tasksPage, "ada-pg"))
	}
	for _, path := range []string{"/accounts", "/leads", "/campaigns", "/sequences", "/forecast"} {
		if code, page := c.do("GET", path, "", "", false); code != http.StatusOK || strings.Contains(page, `name="password"`) {
			t.Errorf("GET %s after login: %d", path, code)
		}
	}

	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve: %v\n%s", err, out)
	}
	if !strings.Contains(out.String(), "stopped cleanly") {
		t.Errorf("serve did not stop cleanly:\n%s", out)
	}

}

// runWith runs a paceline command in this process with its own environment lookup (a
// secret key no parallel test sees), as run does; it fails the test on an error.
func runWith(t *testing.T, getenv func(string) string, db string, args ...string) string {
	t.Helper()
	var out, errOut strings.Builder
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: getenv}
	root := a.rootCmd()
	root.SetArgs(append(args, "--db", db))
	root.SetOut(&out)
	root.SetErr(&errOut)
	if err := root.Execute(); err != nil {
		t.Fatalf("paceline %s: %s\n%s", strings.Join(args, " "), paceline.ErrorMessage(err), errOut.String())
	}
	return out.String()
}

// TestServeMailOnPostgres runs an email account on PostgreSQL: accounts add refuses it
// without PACELINE_SECRET_KEY, saying so, and stores it with the key; serve then mails
// the campaign's first email to the address of a lead imported into PostgreSQL (the
// sent log there), reads the inbox (its checkpoint there), and an unsubscribe link
// opts the lead out in PostgreSQL's leads.
func TestServeMailOnPostgres(t *testing.T) {
	t.Parallel()
	db := postgresSchema(t)
	m := startMailServers(t)
	dir := t.TempDir()
	mustCLI(t, db, "migrate")
	withKey := keyEnv(t)
	noKey := func(name string) string {
		if name == secret.EnvKey {
			return ""
		}
		return os.Getenv(name)
	}
	add := m.addArgs("ann-mail", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW),
		"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com",
		"--working-hours", "00:00-24:00", "--working-days", "mon-sun",
		"--cap", "email=100000", "--cap", "daily_email=100000") // slots seconds apart after midnight too

	a := &app{dbPath: db, stdout: io.Discard, stderr: io.Discard, getenv: noKey}
	if _, err := a.loadSecretKey(true); paceline.ErrorCode(err) != paceline.EINVALID ||
		!strings.Contains(paceline.ErrorMessage(err), secret.EnvKey) || !strings.Contains(paceline.ErrorMessage(err), "PostgreSQL") {
		t.Fatalf("the key of a PostgreSQL database without %s: %v", secret.EnvKey, err)
	}
	runWith(t, withKey, db, add...)
	// accounts show reads the mailbox's settings from PostgreSQL, never its passwords.
	if show := mustCLI(t, db, "accounts", "show", "ann-mail"); !strings.Contains(show, "1 Main St, Springfield") ||
		!strings.Contains(show, "https://pl.example.com") || strings.Contains(show, m.smtpPW) || strings.Contains(show, m.imPW) {
		t.Errorf("accounts show of the email account:\n%s", show)
	}
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "leads.csv", "email,first_name\njo@acme.test,Jo\n"), "--list", "mail")
	mustCLI(t, db, "campaigns", "create", "--name", "mail", "--list", "mail", "--accounts", "ann-mail", "--sequence",
		writeFile(t, dir, "seq.yaml", "name: mail\nsteps:\n  - id: hello\n    email: {subject: \"Hello {{first_name}}\", body: \"Hi {{first_name}}, a question.\"}\n"))
	mustCLI(t, db, "campaigns", "start", "mail")

	out := &mailStderr{}
	a = &app{dbPath: db, stdout: out, stderr: out, getenv: withKey}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- a.runService(ctx, serveFlags{addr: "127.0.0.1:0", workers: 1, seed: 1, lostAfter: 30 * time.Second}, true)
	}()
	waitFor(t, out, "serving on", 15*time.Second)
	// Not a terminal, and no file beside PostgreSQL for the password: no user, a hint.
	if !strings.Contains(out.String(), "no dashboard user yet: make one with paceline users create admin") {
		t.Errorf("a first serve on PostgreSQL without a terminal did not say to make a user: %s", out)
	}
	base := servingOn.FindStringSubmatch(out.String())[1]
	st, err := postgres.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	eventually(t, 30*time.Second, "the first email", func() bool { return m.smtp.count() > 0 })
	sent, err := st.SentTo(ctx, "jo@acme.test")
	if err != nil || sent.Lead != "email:jo@acme.test" || sent.Account != "ann-mail" {
		t.Fatalf("PostgreSQL's sent log: %+v %v", sent, err)
	}
	eventually(t, 15*time.Second, "the inbox read", func() bool {
		cp, err := st.MailCheckpoint(ctx, "ann-mail")
		return err == nil && cp.UIDValidity != 0
	})

	res, err := http.Post(base+unsubscribePath(t, a, "email:jo@acme.test", "mail"), "application/x-www-form-urlencoded",
		strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("POST /u/TOKEN: %s", res.Status)
	}
	id, err := st.FindLeadID(ctx, lead.Key{Type: lead.KeyEmail, Value: "jo@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	if at, err := st.LeadOptedOut(ctx, id); err != nil || at.IsZero() {
		t.Errorf("Jo is not opted out in PostgreSQL: %v %v", at, err)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v\n%s", err, out)
	}
	if s := out.String(); strings.Contains(s, "mailbox ann-mail:") || strings.Contains(s, "does not run") {
		t.Errorf("serve reported a mailbox error: %s", s)
	}
}

// unsubscribePath is the path of a lead's unsubscribe link, signed with a's secret key.
func unsubscribePath(t *testing.T, a *app, leadKey, campaign string) string {
	t.Helper()
	key, err := a.loadSecretKey(false)
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := unsubscribeTokens(key)
	if err != nil {
		t.Fatal(err)
	}
	return "/u/" + tokens.Sign(leadKey, campaign)
}

// sum adds a map's counts.
func sum[K comparable](m map[K]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// keyEnv is the environment with PACELINE_SECRET_KEY set to a new random key, for this
// test only (the process's own environment is shared by the parallel tests).
func keyEnv(t *testing.T) func(string) string {
	t.Helper()
	raw := make([]byte, secret.KeySize)
	if _, err := rand.Read(raw); err != nil {
		t.Fatal(err)
	}
	key := base64.StdEncoding.EncodeToString(raw)
	return func(name string) string {
		if name == secret.EnvKey {
			return key
		}
		return os.Getenv(name)
	}
}

// TestOneMailPollerOnPostgres runs the mailboxes of one PostgreSQL database in two
// processes' worth of wiring: only the one holding the poller's lease reads the inbox,
// and the other takes over once it is let go.
func TestOneMailPollerOnPostgres(t *testing.T) {
	t.Parallel()
	db := postgresSchema(t)
	m := startMailServers(t)
	getenv := keyEnv(t)
	runWith(t, getenv, db, "migrate")
	runWith(t, getenv, db, m.addArgs("ann-mail", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW),
		"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com")...)
	ctx := t.Context()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	var checkpoint func() uint32
	start := func() *mailboxes {
		a := &app{dbPath: db, stdout: io.Discard, stderr: io.Discard, getenv: getenv}
		rdb, err := a.openRuntimeDB(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(rdb.Close)
		checkpoint = func() uint32 {
			cp, err := rdb.store.MailCheckpoint(ctx, "ann-mail")
			if err != nil {
				t.Fatal(err)
			}
			return cp.UIDValidity
		}
		mb, err := a.startMailboxes(ctx, rdb, time.Now, logger)
		if err != nil || mb == nil || mb.lease == nil {
			t.Fatalf("startMailboxes on PostgreSQL: %v, %v", mb, err)
		}
		return mb
	}
	first, second := start(), start()
	if !first.lease.mine(ctx) || second.lease.mine(ctx) {
		t.Fatal("both or neither hold the poller's lease")
	}
	pollCtx, stop := context.WithCancel(ctx)
	wait := second.run(pollCtx, 20*time.Millisecond)
	time.Sleep(300 * time.Millisecond)
	if checkpoint() != 0 {
		t.Fatal("the second process read the inbox while the first held the lease")
	}
	first.lease.release()
	eventually(t, 10*time.Second, "the second process takes the polling over", func() bool { return checkpoint() != 0 })
	stop()
	wait()
	// A lock taken by a query the stop cancelled goes with its connection, which the
	// server closes a moment later: the first process gets the lease back by its next
	// polls, not necessarily at once.
	eventually(t, 10*time.Second, "the first process takes the lease back after the second stopped", func() bool {
		return first.lease.mine(ctx)
	})
	first.lease.release()
}

// TestWebhooksOnPostgres adds, tests and removes a webhook endpoint in a PostgreSQL
// database, its secret sealed with PACELINE_SECRET_KEY: the receiver verifies the
// signed test delivery.
func TestWebhooksOnPostgres(t *testing.T) {
	t.Parallel()
	db := postgresSchema(t)
	getenv := keyEnv(t)
	verified := make(chan error, 1)
	var secretText atomic.Value // set before the first delivery
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		verified <- webhook.Verify(secretText.Load().(string), r.Header, body, time.Now(), 0)
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	runWith(t, getenv, db, "migrate")
	out := runWith(t, getenv, db, "webhooks", "add", "--url", srv.URL+"/hook", "--events", "replied")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[2], "whsec_") {
		t.Fatalf("webhooks add printed:\n%s", out)
	}
	secretText.Store(lines[2])
	if list := runWith(t, getenv, db, "webhooks", "list"); !strings.Contains(list, srv.URL+"/hook") {
		t.Fatalf("webhooks list:\n%s", list)
	}
	if out := runWith(t, getenv, db, "webhooks", "test", "1"); !strings.Contains(out, "answered 204") {
		t.Fatalf("webhooks test printed %q", out)
	}
	if err := <-verified; err != nil {
		t.Errorf("the receiver could not verify the test webhook: %v", err)
	}
	runWith(t, getenv, db, "webhooks", "remove", "1")
	if list := runWith(t, getenv, db, "webhooks", "list"); !strings.Contains(list, "no webhook endpoints") {
		t.Errorf("webhooks list after remove:\n%s", list)
	}
}
