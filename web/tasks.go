package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/runtime"
)

type tasksData struct {
	// Enabled is false when the server runs no assisted account.
	Enabled bool
	Offered []api.TaskView // their slot has come: do them now
	Planned []api.TaskView // waiting for their next slot
	Notice  string
	// TaskProblem says why a Done or Skip was not recorded (a stale page).
	TaskProblem string
	// Reviews are the AI texts waiting for approval.
	Reviews []runtime.Review
	Problem string // why an edited text was refused
	// Held are the steps held for a person because their text cannot go out as it is
	// (a blank field); HeldProblem says why a resume was refused.
	Held        []runtime.HeldStep
	HeldProblem string
}

// tasksPage lists the open tasks of assisted accounts: what to do now, with the words
// to paste, a copy button, the profile link and done / skip buttons; then what comes
// later today.
func (s *Server) tasksPage(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	d := tasksData{Enabled: s.deps.API.Tasks != nil}
	if d.Enabled {
		list, err := s.deps.API.Tasks.OpenTasks(r.Context(), "")
		if err != nil {
			return err
		}
		views, err := api.ViewTasks(r.Context(), s.deps.API.Accounts, s.deps.API.Campaigns, list)
		if err != nil {
			return err
		}
		for _, v := range views {
			switch paceline.TaskState(v.State) {
			case paceline.TaskOffered, paceline.TaskLeased:
				d.Offered = append(d.Offered, v)
			default:
				d.Planned = append(d.Planned, v)
			}
		}
	}
	if s.deps.API.Reviews != nil {
		list, err := s.deps.API.Reviews.Pending(r.Context())
		if err != nil {
			return err
		}
		d.Reviews = list
	}
	if s.deps.API.Held != nil {
		list, err := s.deps.API.Held.List(r.Context())
		if err != nil {
			return err
		}
		d.Held = list
	}
	d.TaskProblem = flash(r, sess, "task")
	d.Problem = flash(r, sess, "review")
	d.HeldProblem = flash(r, sess, "held")
	switch r.URL.Query().Get("done") {
	case "approved":
		d.Notice = "Approved: the AI text goes out in the next slot the Pacer grants."
	case "rejected":
		d.Notice = "Rejected: the template goes out instead, in the next slot the Pacer grants."
	case "resumed":
		d.Notice = "Resumed: the account's next tick renders the step again with the lead as it is now, and holds it again if it still cannot go out."
	case "sent":
		d.Notice = "Marked done: the action counts against the account's allowance."
	case "skipped":
		d.Notice = "Skipped: the slot is released."
	case string(assist.OutcomeFailed):
		d.Notice = "Reported failed: the slot is released."
	case string(assist.OutcomeRefused), string(assist.OutcomeLimitNotice):
		d.Notice = "Reported " + r.URL.Query().Get("done") + ": the task is planned again at a later slot."
	case string(assist.OutcomeRestricted):
		d.Notice = "Reported restricted: the account does nothing until the restriction ends (7 days), then resumes by itself; the task is planned again after it."
	}
	s.render(w, r, http.StatusOK, "tasks", s.page(sess, "Tasks", "tasks", d))
	return nil
}

// finishTask records a person's report from the tasks page's buttons.
func (s *Server) finishTask(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	if s.deps.API.Tasks == nil {
		return paceline.Errorf(paceline.EUNAVAILABLE, "this server runs no assisted accounts, so it has no tasks")
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return paceline.FieldErrorf("id", "%q is not a task id", r.PathValue("id"))
	}
	// The outcomes the desk accepts, as the API and paceline tasks take them; the page's
	// buttons send sent and skipped. None is not read as sent, as the CLI reads it.
	if strings.TrimSpace(r.PostFormValue("outcome")) == "" {
		return paceline.FieldErrorf("outcome", "is missing (want %s): use the Done or Skip button of the tasks page", assist.OutcomeList("or"))
	}
	o, err := assist.ParseOutcome(r.PostFormValue("outcome"))
	if err != nil {
		return err
	}
	outcome := string(o)
	if _, err := s.deps.API.Tasks.FinishTask(r.Context(), id, outcome); err != nil {
		// A page gone stale (the task reported from another tab, or expired and
		// planned again as a new task) is not an error page: the list, reloaded,
		// shows what is open now.
		var msg string
		switch paceline.ErrorCode(err) {
		case paceline.ENOTFOUND:
			// A task is never deleted (one reported is kept with its outcome, and
			// ECONFLICT says so; one expired is planned again under its id): this id
			// never existed.
			msg = fmt.Sprintf("there is no task %d: the list below is what is open now.", id)
		case paceline.ECONFLICT:
			msg = paceline.ErrorMessage(err)
		default:
			return err
		}
		http.Redirect(w, r, flashURL("/tasks", "task", msg, sess), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/tasks?done="+url.QueryEscape(outcome), http.StatusSeeOther)
	return nil
}
