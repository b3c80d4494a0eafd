package api

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/score"
)

// API serves /api/v1. Build it with New.
type API struct {
	deps Deps
	mux  *http.ServeMux
	// known holds the routes without the catch-all, to tell a wrong method (405) from
	// a wrong path (404).
	known *http.ServeMux
	usage *UsageCache
	// imports are the lead imports started through the API, kept in memory.
	imports imports
	// forecasting holds the one forecast running (see Forecast).
	forecasting chan struct{}
	// parsed is the kept ICP ruleset last parsed (see LeadRules).
	parsed atomic.Pointer[parsedRules]
}

// route is one line of the route table: the ServeMux pattern and its handler. The same
// table registers the routes and is what the OpenAPI test compares the document with.
type route struct {
	pattern string
	handle  func(a *API, w http.ResponseWriter, r *http.Request) error
	// public routes need no token.
	public bool
}

// routes is the API, read top to bottom.
var routes = []route{
	{pattern: "GET /api/v1/openapi.json", handle: (*API).openAPI, public: true},
	{pattern: "GET /api/v1/accounts", handle: (*API).listAccounts},
	{pattern: "GET /api/v1/accounts/{name}", handle: (*API).getAccount},
	{pattern: "GET /api/v1/accounts/{name}/events", handle: (*API).listEvents},
	{pattern: "POST /api/v1/events", handle: (*API).postEvent},
	{pattern: "GET /api/v1/leads", handle: (*API).listLeads},
	{pattern: "GET /api/v1/leads/{id}", handle: (*API).getLead},
	{pattern: "POST /api/v1/leads/imports", handle: (*API).postImport},
	{pattern: "GET /api/v1/leads/imports/{id}", handle: (*API).getImport},
	{pattern: "POST /api/v1/leads/{id}/opt-out", handle: (*API).optOutLead},
	{pattern: "DELETE /api/v1/leads/{id}", handle: (*API).eraseLead},
	{pattern: "GET /api/v1/campaigns", handle: (*API).listCampaigns},
	{pattern: "POST /api/v1/campaigns", handle: (*API).createCampaign},
	{pattern: "GET /api/v1/campaigns/{name}", handle: (*API).getCampaign},
	{pattern: "POST /api/v1/campaigns/{name}/start", handle: (*API).startCampaign},
	{pattern: "POST /api/v1/campaigns/{name}/pause", handle: (*API).pauseCampaign},
	{pattern: "POST /api/v1/campaigns/{name}/stop", handle: (*API).stopCampaign},
	{pattern: "GET /api/v1/campaigns/{name}/variants", handle: (*API).campaignVariants},
	{pattern: "GET /api/v1/forecast", handle: (*API).forecast},
	{pattern: "GET /api/v1/tasks", handle: (*API).listTasks},
	{pattern: "POST /api/v1/tasks/{id}/finish", handle: (*API).finishTask},
	{pattern: "GET /api/v1/reviews", handle: (*API).listReviews},
	{pattern: "POST /api/v1/reviews/approve", handle: (*API).approveReview},
	{pattern: "POST /api/v1/reviews/reject", handle: (*API).rejectReview},
	{pattern: "GET /api/v1/held", handle: (*API).listHeld},
	{pattern: "POST /api/v1/held/resume", handle: (*API).resumeHeld},
	{pattern: "POST /api/v1/sequences/validate", handle: (*API).validateSequence},
	{pattern: "POST /api/v1/sequences/preview", handle: (*API).previewSequence},
}

// New returns the API's handler. Mount it at "/api/v1/" (it matches full paths).
func New(deps Deps) *API {
	if deps.Rules == nil {
		deps.Rules = score.Default() // parsed once here, not per lead
	}
	a := &API{deps: deps, mux: http.NewServeMux(), known: http.NewServeMux(), usage: NewUsageCache(deps.History),
		forecasting: make(chan struct{}, 1)}
	for _, rt := range routes {
		a.mux.Handle(rt.pattern, a.wrap(rt))
		a.known.Handle(rt.pattern, http.NotFoundHandler())
	}
	a.mux.HandleFunc("/api/v1/", a.noRoute)
	return a
}

// noRoute answers a path no route has (404) or a method the path does not take (405),
// in the API's error format.
func (a *API) noRoute(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := a.known.Handler(probe); pattern != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		WriteError(w, a.deps.logger(), paceline.Errorf(codeMethod,
			"%s does not take %s (it takes %s)", r.URL.Path, r.Method, strings.Join(allow, ", ")))
		return
	}
	WriteError(w, a.deps.logger(), paceline.Errorf(paceline.ENOTFOUND,
		"no API route %s %s (see /api/v1/openapi.json)", r.Method, r.URL.Path))
}

// AllUsage reports every account's usage at now through the API's cache of Pacers
// (see UsageCache): what the accounts endpoint and the dashboard's accounts page show.
func (a *API) AllUsage(ctx context.Context, now time.Time) ([]AccountUsage, error) {
	return a.usage.AllUsage(ctx, a.deps.Accounts, now)
}

// ServeHTTP serves /api/v1/...
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	a.mux.ServeHTTP(w, r)
}

// Patterns returns the registered route patterns, "METHOD /path", in table order.
func Patterns() []string {
	out := make([]string, len(routes))
	for i, rt := range routes {
		out[i] = rt.pattern
	}
	return out
}

type userKey struct{}

// UserFrom returns the user a request was authenticated as, "" when none.
func UserFrom(ctx context.Context) string {
	u, _ := ctx.Value(userKey{}).(string)
	return u
}

// wrap authenticates (unless the route is public) and answers the handler's error.
func (a *API) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !rt.public {
			user, err := a.authenticate(r)
			if err != nil {
				WriteError(w, a.deps.logger(), err)
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), userKey{}, user))
		}
		if err := rt.handle(a, w, r); err != nil {
			WriteError(w, a.deps.logger(), err)
		}
	})
}

// authenticate checks the request's bearer token against the stored hashes.
func (a *API) authenticate(r *http.Request) (string, error) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if h == "" || !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", paceline.Errorf(paceline.EUNAUTHORIZED,
			"this call needs an API token: send Authorization: Bearer <token> (create one with paceline tokens create)")
	}
	if a.deps.Users == nil {
		return "", paceline.Errorf(paceline.EUNAVAILABLE, "this server has no user store, so no token can be checked")
	}
	t, err := a.deps.Users.TokenByHash(r.Context(), paceline.HashSecret(strings.TrimSpace(token)), time.Now())
	if err != nil {
		return "", err
	}
	return t.User, nil
}
