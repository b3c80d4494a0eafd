package web

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/secret"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Deps are the dashboard's dependencies. API.Users is also the store of logins.
type Deps struct {
	API api.Deps
	// SecureCookies marks cookies Secure: set it when the dashboard is served over
	// HTTPS (behind a proxy); a plain-HTTP localhost demo must leave it off or the
	// browser would drop the cookie.
	SecureCookies bool
	// SessionTTL is how long a login lasts; 0 is DefaultSessionTTL.
	SessionTTL time.Duration
	// Sequence is the YAML the editor opens with (the default sequence when nil).
	Sequence []byte
	// Banner, when set, is shown on every page (the demo says it is a demo).
	Banner string
	// Refresh, when set, reloads the accounts and campaigns pages this often: the demo's
	// sped-up clock moves them while one watches.
	Refresh time.Duration
	// Webhooks keeps the webhook endpoints and their deliveries (either store); nil
	// when the server keeps none: the Webhooks page then says to use the CLI.
	Webhooks paceline.WebhookStore
	// WebhookKeyFunc returns the secret key that seals the endpoints' signing secrets,
	// making one when create is set and there is none (adding the first endpoint);
	// nil when the server has no key: adding and testing an endpoint then answer
	// unavailable.
	WebhookKeyFunc func(create bool) (*secret.Key, error)
}

// DefaultSessionTTL is how long a dashboard login lasts.
const DefaultSessionTTL = 12 * time.Hour

// Server is the dashboard with the API mounted under it.
type Server struct {
	deps  Deps
	api   *api.API
	mux   *http.ServeMux
	pages map[string]*template.Template
	log   *slog.Logger
	// throttle counts failed logins per user name and client address.
	throttle loginThrottle
	// decoy is the hash unknown user names are checked against (see decoyHash).
	decoyOnce sync.Once
	decoy     string
	// checking holds the password checks running (see checkPassword).
	checking chan struct{}
}

// New returns the dashboard's handler: mount it at "/".
func New(deps Deps) (*Server, error) {
	if deps.API.Users == nil {
		return nil, paceline.Errorf(paceline.EINTERNAL, "web: a user store is required for logins")
	}
	if deps.SessionTTL == 0 {
		deps.SessionTTL = DefaultSessionTTL
	}
	s := &Server{deps: deps, api: api.New(deps.API), mux: http.NewServeMux(), log: deps.API.Logger,
		checking: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2))}
	if s.log == nil {
		s.log = slog.Default()
	}
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	static, _ := fs.Sub(staticFiles, "static")
	s.mux.Handle("/api/v1/", s.api)
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /login", s.loginPage)
	s.mux.HandleFunc("POST /login", s.login)
	s.mux.Handle("POST /logout", s.session(s.logout))
	s.mux.Handle("GET /{$}", s.session(func(w http.ResponseWriter, r *http.Request, _ *paceline.Session) error {
		http.Redirect(w, r, "/accounts", http.StatusSeeOther)
		return nil
	}))
	s.mux.Handle("GET /accounts", s.session(s.accountsPage))
	s.mux.Handle("GET /leads", s.session(s.leadsPage))
	s.mux.HandleFunc("POST /leads/imports", s.startImport)
	s.mux.Handle("GET /leads/{id}", s.session(s.leadPage))
	s.mux.Handle("POST /leads/{id}/opt-out", s.session(s.optOutLead))
	s.mux.Handle("POST /leads/{id}/erase", s.session(s.eraseLead))
	s.mux.Handle("GET /leads/imports/{id}", s.session(s.importPage))
	s.mux.Handle("GET /leads/imports/{id}/status", s.session(s.importStatus))
	s.mux.Handle("GET /campaigns", s.session(s.campaignsPage))
	s.mux.Handle("POST /campaigns", s.session(s.createCampaign))
	s.mux.Handle("POST /campaigns/{name}/pause", s.session(s.pauseCampaign))
	s.mux.Handle("POST /campaigns/{name}/start", s.session(s.startCampaign))
	s.mux.Handle("POST /campaigns/{name}/stop", s.session(s.stopCampaign))
	s.mux.Handle("GET /tasks", s.session(s.tasksPage))
	s.mux.Handle("POST /tasks/{id}/finish", s.session(s.finishTask))
	s.mux.Handle("POST /tasks/reviews", s.session(s.reviewText))
	s.mux.Handle("POST /tasks/held/resume", s.session(s.resumeHeld))
	s.mux.Handle("GET /sequences", s.session(s.sequencePage))
	s.mux.Handle("GET /forecast", s.session(s.forecastPage))
	s.mux.Handle("POST /sequences/validate", s.session(s.validate))
	s.mux.Handle("POST /sequences/preview", s.session(s.preview))
	s.mux.Handle("GET /webhooks", s.session(s.webhooksPage))
	s.mux.Handle("POST /webhooks", s.session(s.addWebhook))
	s.mux.Handle("POST /webhooks/{id}/test", s.session(s.testWebhook))
	s.mux.Handle("POST /webhooks/{id}/enable", s.session(s.enableWebhook))
	s.mux.Handle("POST /webhooks/{id}/remove", s.session(s.removeWebhook))
	s.mux.Handle("GET /tokens", s.session(s.tokensPage))
	s.mux.Handle("POST /tokens", s.session(s.createToken))
	s.mux.Handle("POST /tokens/{id}/revoke", s.session(s.revokeToken))
	return s, nil
}

// ServeHTTP serves the dashboard with headers that keep the browser strict: no
// framing, no inline scripts, no sniffing.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
	if handler, pattern := s.mux.Handler(r); pattern == "" {
		s.noRoute(w, r, handler)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// noRoute answers a request no route takes with the error page, where the mux would
// answer Go's plain text: an unknown address (404), or the address of a form's button
// opened as a link (405, with the mux's Allow header).
func (s *Server) noRoute(w http.ResponseWriter, r *http.Request, handler http.Handler) {
	probe := &statusProbe{header: http.Header{}}
	handler.ServeHTTP(probe, r)
	msg := "There is no page at " + r.URL.Path + ": use the menu above, or go back to the dashboard."
	if probe.status == http.StatusMethodNotAllowed {
		msg = r.URL.Path + " is a button's address, not a page: go back to the page and use its button."
		w.Header().Set("Allow", probe.header.Get("Allow"))
	} else {
		probe.status = http.StatusNotFound
	}
	s.render(w, r, probe.status, "error", page{Title: "Error", Banner: s.deps.Banner, Data: struct {
		Status  int
		Message string
	}{probe.status, msg}})
}

// statusProbe records the status and headers the mux's own answer would have, and
// drops its body.
type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header { return p.header }

func (p *statusProbe) Write(b []byte) (int, error) {
	if p.status == 0 {
		p.status = http.StatusOK
	}
	return len(b), nil
}

func (p *statusProbe) WriteHeader(status int) {
	if p.status == 0 {
		p.status = status
	}
}

func (s *Server) now() time.Time {
	if s.deps.API.NowFunc != nil {
		return s.deps.API.NowFunc()
	}
	return time.Now()
}
