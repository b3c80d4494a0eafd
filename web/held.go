package web

import (
	"errors"
	"net/http"

	"github.com/paceline/paceline"
)

// resumeHeld resumes a held step from the tasks page's Resume button: the lead is read
// again from the leads store and its account's next tick renders the step again. A
// step no longer held (resumed elsewhere, or its lead gone) is said on the page.
func (s *Server) resumeHeld(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	if s.deps.API.Held == nil {
		return paceline.Errorf(paceline.EUNAVAILABLE, "this server runs no campaigns, so no step is held")
	}
	campaign, lead := r.PostFormValue("campaign"), r.PostFormValue("lead")
	if campaign == "" || lead == "" {
		return paceline.FieldErrorf("lead", "the resume form names no campaign and lead; reload the tasks page")
	}
	if _, err := s.deps.API.Held.Resume(r.Context(), campaign, lead); err != nil {
		var pe *paceline.Error
		if errors.As(err, &pe) && (pe.Code == paceline.ECONFLICT || pe.Code == paceline.ENOTFOUND) {
			http.Redirect(w, r, flashURL("/tasks", "held", pe.Message, sess), http.StatusSeeOther)
			return nil
		}
		return err
	}
	http.Redirect(w, r, "/tasks?done=resumed", http.StatusSeeOther)
	return nil
}
