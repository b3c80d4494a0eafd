package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/personalize/aiwrite"
)

// reviewText records a person's decision on a held AI text from the tasks page, through
// the API's Reviews (runtime.AIText): approve (the text as it is or edited) or reject.
func (s *Server) reviewText(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	if s.deps.API.Reviews == nil {
		return paceline.Errorf(paceline.EUNAVAILABLE, "this server runs no AI writing, so it has no texts to review")
	}
	k := aiwrite.Key{Lead: r.PostFormValue("lead"), Campaign: r.PostFormValue("campaign"), Step: r.PostFormValue("step")}
	if k.Campaign == "" || k.Lead == "" || k.Step == "" {
		return paceline.Errorf(paceline.EINVALID, "the review form names no campaign, lead or step; reload the tasks page")
	}
	var err error
	switch d := r.PostFormValue("decision"); d {
	case "approve":
		// Browsers send a textarea's line breaks as CRLF; texts hold "\n".
		edited := aiwrite.NormaliseLineBreaks(r.PostFormValue("text"))
		original := aiwrite.NormaliseLineBreaks(r.PostFormValue("original"))
		if strings.TrimSpace(edited) == "" && strings.TrimSpace(original) != "" {
			// An emptied box would otherwise approve the model's text unseen.
			err = paceline.FieldErrorf("text", "the text is empty: write the text to send, or reject it to send the step's template")
			break
		}
		if edited == original {
			edited = ""
		}
		if err = api.CheckEdit(edited); err == nil {
			_, err = s.deps.API.Reviews.Approve(r.Context(), k, edited)
		}
	case "reject":
		_, err = s.deps.API.Reviews.Reject(r.Context(), k)
	default:
		return paceline.FieldErrorf("decision", "%q is not approve or reject", d)
	}
	if err != nil {
		var pe *paceline.Error
		if errors.As(err, &pe) && pe.Code == paceline.EINVALID {
			// An edit that breaks a guardrail: say why on the page, the text stays held.
			http.Redirect(w, r, flashURL("/tasks", "review", pe.Message, sess), http.StatusSeeOther)
			return nil
		}
		if c := paceline.ErrorCode(err); c == paceline.ENOTFOUND || c == paceline.ECONFLICT {
			// A page gone stale: the text was decided from another tab or by
			// another reviewer. The list, reloaded, shows what waits now.
			http.Redirect(w, r, flashURL("/tasks", "task", paceline.ErrorMessage(err), sess), http.StatusSeeOther)
			return nil
		}
		return err
	}
	http.Redirect(w, r, "/tasks?done="+map[string]string{"approve": "approved", "reject": "rejected"}[r.PostFormValue("decision")], http.StatusSeeOther)
	return nil
}
