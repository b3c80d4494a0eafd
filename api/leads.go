package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/score"
)

// LeadView is a lead as the API shows it, with its score explained rule by rule.
type LeadView struct {
	ID                int64                        `json:"id"`
	Name              string                       `json:"name"`
	FirstName         string                       `json:"first_name,omitempty"`
	LastName          string                       `json:"last_name,omitempty"`
	ProfileURL        string                       `json:"profile_url,omitempty"`
	Email             string                       `json:"email,omitempty"`
	Company           string                       `json:"company,omitempty"`
	Title             string                       `json:"title,omitempty"`
	Seniority         string                       `json:"seniority,omitempty"`
	Department        string                       `json:"department,omitempty"`
	Location          string                       `json:"location,omitempty"`
	TimeZone          string                       `json:"time_zone,omitempty"`
	Industry          string                       `json:"industry,omitempty"`
	OpenProfile       bool                         `json:"open_profile"`
	Premium           bool                         `json:"premium"`
	MutualConnections int                          `json:"mutual_connections"`
	Score             int                          `json:"score"`
	Explanation       []paceline.ScoreContribution `json:"explanation"`
	Lists             []string                     `json:"lists,omitempty"`
	OptedOutAt        time.Time                    `json:"opted_out_at,omitzero"`
}

// ViewLead is the API's view of a lead. The store keeps the score's explanation as
// rule names and points only, so the sentences are said again from the ICP rules in
// force (LeadRules), read for this call: a page of leads reads them once with
// LeadRules and views each with ViewLeadWith.
func (a *API) ViewLead(l *paceline.Lead) LeadView {
	rules, err := a.LeadRules(context.Background())
	if err != nil {
		a.deps.logger().Error("view lead: explained with the rules the server was given", "lead", l.ID, "error", err)
		rules = a.deps.Rules
	}
	return a.ViewLeadWith(l, rules)
}

// ViewLeadWith is ViewLead with the rules LeadRules returned; nil rules say no
// sentences.
func (a *API) ViewLeadWith(l *paceline.Lead, rules *score.Rules) LeadView {
	if rules != nil {
		rules.Explain(l, l.Explanation)
	}
	v := LeadView{ID: l.ID, Name: l.Name(), FirstName: l.FirstName, LastName: l.LastName,
		ProfileURL: l.ProfileURL(), Email: l.Email, Company: l.Company, Title: l.Title,
		Seniority: string(l.Seniority), Department: l.Department, Location: l.Location,
		TimeZone: l.TimeZone, Industry: l.Industry, OpenProfile: l.OpenProfile, Premium: l.Premium,
		MutualConnections: l.MutualConnections, Score: l.Score, Explanation: l.Explanation, Lists: l.Lists}
	if v.Explanation == nil {
		v.Explanation = []paceline.ScoreContribution{}
	}
	return v
}

// LeadPage is one page of the leads list; NextAfter, when not 0, is the `after` of the
// next page.
type LeadPage struct {
	Leads     []LeadView `json:"leads"`
	NextAfter int64      `json:"next_after,omitempty"`
}

// Page limits of the leads list.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// MaxOptOutReason bounds an opt-out's reason, in characters (as a browser's maxlength
// counts them), not bytes: a reason typed in Japanese or German must not be refused
// at a third of its length.
const MaxOptOutReason = 500

// LeadFilterFrom reads the leads list's query parameters: list, min_score, seniority,
// after, limit, opted_out.
func LeadFilterFrom(r *http.Request) (paceline.LeadFilter, error) {
	q := r.URL.Query()
	f := paceline.LeadFilter{List: q.Get("list"), Limit: DefaultPageSize}
	intParam := func(name string, lo, hi int64, dst *int64) error {
		s := q.Get(name)
		if s == "" {
			return nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < lo || n > hi {
			return paceline.FieldErrorf(name, "%q is not a whole number from %d to %d", s, lo, hi)
		}
		*dst = n
		return nil
	}
	var minScore, after, limit int64 = 0, 0, DefaultPageSize
	if err := intParam("min_score", 0, 100, &minScore); err != nil {
		return f, err
	}
	if err := intParam("after", 0, 1<<62, &after); err != nil {
		return f, err
	}
	if err := intParam("limit", 1, MaxPageSize, &limit); err != nil {
		return f, err
	}
	f.MinScore, f.After, f.Limit = int(minScore), after, int(limit)
	if s := q.Get("seniority"); s != "" {
		ok := false
		for _, v := range paceline.Seniorities {
			ok = ok || string(v) == s
		}
		if !ok {
			return f, paceline.FieldErrorf("seniority", "unknown seniority %q (want owner, c-level, vp, head, director, manager, senior, entry or intern)", s)
		}
		f.Seniority = paceline.Seniority(s)
	}
	switch q.Get("opted_out") {
	case "", "false":
	case "true":
		f.WithOptedOut = true
	default:
		return f, paceline.FieldErrorf("opted_out", "%q is not true or false", q.Get("opted_out"))
	}
	return f, nil
}

// ListLeadPage reads one page: it asks for one lead more than the page holds to know
// whether another page follows.
func (a *API) ListLeadPage(r *http.Request, f paceline.LeadFilter) (LeadPage, error) {
	want := f.Limit
	f.Limit++
	list, err := a.deps.Leads.ListLeads(r.Context(), f)
	if err != nil {
		return LeadPage{}, err
	}
	rules, err := a.LeadRules(r.Context())
	if err != nil {
		return LeadPage{}, err
	}
	page := LeadPage{Leads: make([]LeadView, 0, min(len(list), want))}
	for i, l := range list {
		if i == want {
			page.NextAfter = list[want-1].ID
			break
		}
		v := a.ViewLeadWith(l, rules)
		if f.WithOptedOut {
			// A page that mixes in opted-out leads says which they are, as one lead
			// does; the store keeps the time apart from the lead, so one read each.
			if v.OptedOutAt, err = a.deps.Leads.LeadOptedOut(r.Context(), l.ID); err != nil {
				return LeadPage{}, err
			}
		}
		page.Leads = append(page.Leads, v)
	}
	return page, nil
}

func (a *API) listLeads(w http.ResponseWriter, r *http.Request) error {
	f, err := LeadFilterFrom(r)
	if err != nil {
		return err
	}
	page, err := a.ListLeadPage(r, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

// leadID reads the {id} path value. "imports" is the upload's path, which GET and
// DELETE reach through {id}: it answers 405 as a wrong method, not "not a lead id".
func leadID(w http.ResponseWriter, r *http.Request) (int64, error) {
	s := r.PathValue("id")
	if s == "imports" && !strings.HasSuffix(r.URL.Path, "/opt-out") {
		w.Header().Set("Allow", http.MethodPost)
		return 0, paceline.Errorf(codeMethod, "%s does not take %s (it takes POST, a CSV upload; GET /api/v1/leads/imports/{id} reads an import)", r.URL.Path, r.Method)
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, paceline.FieldErrorf("id", "%q is not a lead id (a positive whole number)", s)
	}
	return id, nil
}

func (a *API) getLead(w http.ResponseWriter, r *http.Request) error {
	id, err := leadID(w, r)
	if err != nil {
		return err
	}
	l, err := a.deps.Leads.Lead(r.Context(), id)
	if err != nil {
		return err
	}
	rules, err := a.LeadRules(r.Context())
	if err != nil {
		return err
	}
	v := a.ViewLeadWith(l, rules)
	if v.OptedOutAt, err = a.deps.Leads.LeadOptedOut(r.Context(), id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (a *API) optOutLead(w http.ResponseWriter, r *http.Request) error {
	id, err := leadID(w, r)
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := a.decodeOptional(w, r, &in); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(in.Reason); n > MaxOptOutReason {
		return paceline.FieldErrorf("reason", "is %d characters long; shorten it to at most %d", n, MaxOptOutReason)
	}
	if in.Reason == "" {
		in.Reason = "api"
	}
	if err := a.deps.Leads.OptOutLead(r.Context(), id, in.Reason); err != nil {
		return err
	}
	if err := a.wakeOptedOut(r.Context(), id); err != nil {
		return err
	}
	return a.getLead(w, r)
}

func (a *API) eraseLead(w http.ResponseWriter, r *http.Request) error {
	id, err := leadID(w, r)
	if err != nil {
		return err
	}
	keys, err := a.deps.Leads.EraseLead(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		Erased     int64 `json:"erased"`
		Suppressed int   `json:"suppressed_keys"`
	}{id, len(keys)})
	return nil
}
