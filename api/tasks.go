package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/paceline/paceline"
)

// TaskDesk is the hand-off desk of assisted accounts as the API needs it: the open
// tasks (after expiring what nobody did in time) and a person's report on one.
// cmd/paceline adapts executor/assist's Desk to it.
type TaskDesk interface {
	// OpenTasks lists the open tasks of an account ("" for all), oldest slot first.
	OpenTasks(ctx context.Context, account string) ([]*paceline.Task, error)
	// FinishTask records a person's outcome (sent, skipped, failed, refused,
	// limit-notice). Errors: ENOTFOUND, EINVALID, ECONFLICT.
	FinishTask(ctx context.Context, id int64, outcome string) (*paceline.Task, error)
}

// TaskView is a task as the API shows it.
type TaskView struct {
	ID         int64  `json:"id"`
	Account    string `json:"account"`
	Kind       string `json:"kind"`
	Lead       string `json:"lead"`
	ProfileURL string `json:"profile_url,omitempty"`
	Subject    string `json:"subject,omitempty"`
	Text       string `json:"text,omitempty"`
	Todo       string `json:"todo"`
	Campaign   string `json:"campaign,omitempty"`
	Step       string `json:"step,omitempty"`
	// State is the task's state, or "paused" for a planned task whose account or
	// campaign is paused: no slot comes for it before the resume.
	State string `json:"state"`
	// PausedReason says, for a paused task, what is paused and what resumes it.
	PausedReason string    `json:"paused_reason,omitempty"`
	Due          time.Time `json:"due"`
	Expires      time.Time `json:"expires,omitzero"`
	Outcome      string    `json:"outcome,omitempty"`
}

// ViewTask is the API's view of a task.
func ViewTask(t *paceline.Task) TaskView {
	return TaskView{ID: t.ID, Account: t.Account, Kind: string(t.Kind), Lead: t.Lead, ProfileURL: t.ProfileURL,
		Subject: t.Subject, Text: t.Text, Todo: t.Todo, Campaign: t.Campaign, Step: t.Step, State: string(t.State),
		Due: t.Due, Expires: t.Expires, Outcome: t.Outcome}
}

func (a *API) desk() (TaskDesk, error) {
	if a.deps.Tasks == nil {
		return nil, paceline.Errorf(paceline.EUNAVAILABLE, "this server runs no assisted accounts, so it has no tasks")
	}
	return a.deps.Tasks, nil
}

func (a *API) listTasks(w http.ResponseWriter, r *http.Request) error {
	d, err := a.desk()
	if err != nil {
		return err
	}
	account := r.URL.Query().Get("account")
	if account != "" {
		if _, err := a.deps.Accounts.Account(r.Context(), account); err != nil {
			return err
		}
	}
	list, err := d.OpenTasks(r.Context(), account)
	if err != nil {
		return err
	}
	out, err := a.viewTasks(r.Context(), list)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		Tasks []TaskView `json:"tasks"`
	}{out})
	return nil
}

func (a *API) finishTask(w http.ResponseWriter, r *http.Request) error {
	d, err := a.desk()
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return paceline.FieldErrorf("id", "%q is not a task id (a positive whole number)", r.PathValue("id"))
	}
	var in struct {
		Outcome string `json:"outcome"`
	}
	if err := a.decode(w, r, &in); err != nil {
		return err
	}
	if in.Outcome == "" {
		return paceline.FieldErrorf("outcome", "is missing (sent, skipped, failed, refused or limit-notice)")
	}
	t, err := d.FinishTask(r.Context(), id, in.Outcome)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ViewTask(t))
	return nil
}
