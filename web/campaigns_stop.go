package web

import (
	"fmt"
	"net/http"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/plural"
)

// stopCampaign is the Campaigns page's Stop button: the campaign ends for good, its
// leads free for another campaign's start. It follows api.StopCampaign, as the CLI and
// the API do: a draft is refused (delete is for drafts), and a campaign stopped
// already is left as it is. A stop cannot be undone, so the box beside the button must
// be ticked, as for erasing a lead.
func (s *Server) stopCampaign(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	st := s.deps.API.Campaigns
	if st == nil {
		return paceline.Errorf(paceline.EUNAVAILABLE, "this server keeps no campaigns of its own, so none can be stopped here")
	}
	name := r.PathValue("name")
	if r.PostFormValue("confirm") != "yes" {
		http.Redirect(w, r, flashURL("/campaigns", "problem", "Not stopped: tick the box to confirm that "+name+" ends for good.", sess), http.StatusSeeOther)
		return nil
	}
	res, err := api.StopCampaign(r.Context(), st, name)
	if err != nil {
		return campaignProblem(w, r, sess, err)
	}
	msg := fmt.Sprintf("Stopped %s for good: %s ended (%s free for another campaign's start), %s closed unsent. Its history stays.",
		name, plural.Count(res.Ended.Enrollments, "enrollment"), plural.Verb(res.Ended.Enrollments, "its lead is", "their leads are"),
		plural.Count(res.Ended.Tasks, "assisted task"))
	if n := res.Ended.LeftToAgents; n > 0 {
		msg += fmt.Sprintf(" %s left to the %s holding %s (it may be sending %s now); the desk closes %s unsent if the lease ends unreported.",
			plural.Count(n, "assisted task"), plural.Verb(n, "agent", "agents"), plural.Verb(n, "it", "them"),
			plural.Verb(n, "it", "them"), plural.Verb(n, "it", "them"))
	}
	if res.Outcome == api.AlreadyStopped {
		msg = name + " is already stopped (" + res.Since() + "); nothing changed."
	}
	http.Redirect(w, r, flashURL("/campaigns", "done", msg, sess), http.StatusSeeOther)
	return nil
}
