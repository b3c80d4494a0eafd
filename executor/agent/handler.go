package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/lead"
)

// Prefix is where the protocol lives; mount the Handler there.
const Prefix = "/api/v1/agent/"

// MaxTTL bounds a lease: a longer ttl_seconds is refused, and an agent that needs
// longer leases again.
const MaxTTL = 30 * time.Minute

// maxBody bounds a request body: an outcome with its events is a few hundred bytes.
const maxBody = 64 << 10

// Handler serves the agent protocol. Mount it at Prefix:
//
//	mux.Handle(agent.Prefix, agent.New(desk, store))
type Handler struct {
	desk   *assist.Desk
	tokens Tokens
	mux    *http.ServeMux
	// TTL is the lease length when the agent asks for none (assist.DefaultLeaseTTL).
	TTL    time.Duration
	Logger *slog.Logger
	// WriteErrorFunc answers an error; the server that mounts the handler may pass its
	// own (api.WriteError) so that one map of codes to statuses serves both. nil uses
	// WriteError.
	WriteErrorFunc func(w http.ResponseWriter, log *slog.Logger, err error)
}

// Tokens finds an agent's token by its hash: paceline.TaskStore is one.
type Tokens interface {
	AgentTokenByHash(ctx context.Context, hash string) (name, account string, err error)
}

// New returns the protocol's handler over the desk's tasks.
func New(desk *assist.Desk, tokens Tokens) *Handler {
	h := &Handler{desk: desk, tokens: tokens, mux: http.NewServeMux(), TTL: assist.DefaultLeaseTTL}
	h.mux.HandleFunc("POST "+Prefix+"lease", h.lease)
	h.mux.HandleFunc("POST "+Prefix+"actions/{id}/outcome", h.outcome)
	h.mux.HandleFunc(Prefix, func(w http.ResponseWriter, r *http.Request) {
		h.fail(w, paceline.Errorf(paceline.ENOTFOUND, "%s %s is not part of the agent protocol (POST %slease, POST %sactions/{id}/outcome)",
			r.Method, r.URL.Path, Prefix, Prefix))
	})
	return h
}

// ServeHTTP serves the protocol's routes.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// agentOf authenticates the request: the token's name and the account it is scoped to.
func (h *Handler) agentOf(r *http.Request) (name, account string, err error) {
	auth := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || strings.TrimSpace(tok) == "" {
		return "", "", paceline.Errorf(paceline.EUNAUTHORIZED, "send the agent token as Authorization: Bearer TOKEN (create one with paceline tasks token)")
	}
	name, account, err = h.tokens.AgentTokenByHash(r.Context(), paceline.HashSecret(strings.TrimSpace(tok)))
	if paceline.ErrorCode(err) == paceline.ENOTFOUND {
		return "", "", paceline.Errorf(paceline.EUNAUTHORIZED, "the agent token is not known (create one with paceline tasks token)")
	}
	return name, account, err
}

func (h *Handler) lease(w http.ResponseWriter, r *http.Request) {
	name, scope, err := h.agentOf(r)
	if err != nil {
		h.fail(w, err)
		return
	}
	var req LeaseRequest
	if err := decode(w, r, &req); err != nil {
		h.fail(w, err)
		return
	}
	switch {
	case req.Account == "":
		h.fail(w, paceline.FieldErrorf("account", "is missing (name the account to lease for)"))
		return
	case scope != "" && scope != req.Account:
		h.fail(w, paceline.Errorf(paceline.EFORBIDDEN, "this token leases only for account %s", scope))
		return
	case req.TTLSeconds < 0:
		h.fail(w, paceline.FieldErrorf("ttl_seconds", "is negative"))
		return
	case req.TTLSeconds > int(MaxTTL/time.Second):
		// Refused rather than cut: an agent that counts on a longer lease than it got
		// would report after the task was offered to someone else.
		h.fail(w, paceline.FieldErrorf("ttl_seconds", "%d is more than the maximum lease, %d seconds (lease again to work longer)",
			req.TTLSeconds, int(MaxTTL/time.Second)))
		return
	}
	ttl := h.TTL
	if req.TTLSeconds > 0 {
		ttl = time.Duration(req.TTLSeconds) * time.Second
	}
	if _, err := h.desk.Store.Account(r.Context(), req.Account); err != nil {
		h.fail(w, err)
		return
	}
	t, err := h.desk.Lease(r.Context(), req.Account, name, ttl)
	switch {
	case paceline.ErrorCode(err) == paceline.ENOTFOUND:
		w.WriteHeader(http.StatusNoContent) // nothing is due: ask again later
		return
	case err != nil:
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, Lease{Lease: t.LeaseID, Expires: t.LeaseUntil, Action: actionOf(t)})
}

func (h *Handler) outcome(w http.ResponseWriter, r *http.Request) {
	_, scope, err := h.agentOf(r)
	if err != nil {
		h.fail(w, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.fail(w, paceline.Errorf(paceline.ENOTFOUND, "action %q does not exist", r.PathValue("id")))
		return
	}
	var req OutcomeRequest
	if err := decode(w, r, &req); err != nil {
		h.fail(w, err)
		return
	}
	rep, err := report(req)
	if err != nil {
		h.fail(w, err)
		return
	}
	if scope != "" {
		t, err := h.desk.Store.Task(r.Context(), id)
		if err != nil {
			h.fail(w, err)
			return
		}
		if t.Account != scope {
			h.fail(w, paceline.Errorf(paceline.EFORBIDDEN, "this token reports only for account %s", scope))
			return
		}
	}
	t, err := h.desk.Finish(r.Context(), id, rep)
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, OutcomeResponse{ID: t.ID, State: string(t.State), Result: req.Result})
}

// report turns the wire outcome into the desk's.
func report(req OutcomeRequest) (assist.Report, error) {
	if req.Lease == "" {
		return assist.Report{}, paceline.FieldErrorf("lease", "is missing (send the lease id the lease answered)")
	}
	var rep assist.Report
	switch req.Result {
	case "done":
		rep.Outcome = assist.OutcomeSent
	case "refused":
		rep.Outcome = assist.OutcomeRefused
	case "failed":
		rep.Outcome = assist.OutcomeFailed
	default:
		return rep, paceline.FieldErrorf("result", "%q is not a result (want done, refused or failed)", req.Result)
	}
	rep.Lease = req.Lease
	for i, ev := range req.Events {
		e := paceline.Event{At: ev.At, Until: ev.Until}
		switch t := paceline.EventKind(ev.Type); t {
		case paceline.EventAccepted, paceline.EventReplied, paceline.EventWarning, paceline.EventLimitHit, paceline.EventRestricted:
			e.Type = t
		default:
			return rep, paceline.FieldErrorf(fmt.Sprintf("events[%d].type", i),
				"%q is not an event (want accepted, replied, warning, limit_notice or restricted)", ev.Type)
		}
		if ev.Lead != "" {
			k, err := leadKey(ev.Lead)
			if err != nil {
				return rep, paceline.FieldErrorf(fmt.Sprintf("events[%d].lead", i), "%s", paceline.ErrorMessage(err))
			}
			e.Lead = k
		}
		rep.Events = append(rep.Events, e)
	}
	return rep, nil
}

// leadKey reads a lead as the engine keys it (lead.ParseRef): a profile URL or a slug
// becomes its canonical slug, a Sales Navigator URL or id "sales:ID", an address
// (bare or as "email:ADDRESS") "email:ADDRESS", lower-cased.
func leadKey(s string) (string, error) {
	k, err := lead.ParseRef(s)
	if err != nil {
		return "", err
	}
	return k.RuntimeRef(), nil
}

// decode reads a bounded, strict JSON body.
func decode(w http.ResponseWriter, r *http.Request, dst any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return paceline.Errorf(paceline.EINVALID, "the request body is larger than %d bytes", maxBody)
		case errors.Is(err, io.EOF):
			return paceline.Errorf(paceline.EINVALID, "the request body is empty (send a JSON object)")
		}
		return paceline.Errorf(paceline.EINVALID, "the request body is not the JSON expected: %v", err)
	}
	return nil
}

func (h *Handler) fail(w http.ResponseWriter, err error) {
	log := h.Logger
	if log == nil {
		log = slog.Default()
	}
	if h.WriteErrorFunc != nil {
		h.WriteErrorFunc(w, log, err)
		return
	}
	WriteError(w, log, err)
}
