package web

import (
	"net/http"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// contactedFlash is the flash a refused start (api.ContactedRefusal) redirects with:
// the campaign's name, a newline, the refusal's reason. A name holds no control
// character (api's checkCampaignName), so the first line is the name.
const contactedFlash = "contacted"

// contactedChoice is a start refused because some of its leads were contacted by an
// account not of the campaign, as the Campaigns page shows it: the reason, and a form
// that starts the campaign again leaving those leads out (the leads any account
// reached out to in the last Days days, the refusal's window by default) or enrolling
// them anyway. Before, the start enrolled them and warned afterwards, when the only
// way back was to stop the campaign and start a copy of it.
type contactedChoice struct {
	Campaign, Reason string
	Days, MaxDays    int
}

// contactedChoiceOf reads the choice from the contacted flash; nil for none.
func contactedChoiceOf(msg string) *contactedChoice {
	name, reason, ok := strings.Cut(msg, "\n")
	if !ok || name == "" {
		return nil
	}
	return &contactedChoice{Campaign: name, Reason: reason, Days: api.ContactedWindow, MaxDays: api.MaxSkipContactedDays}
}

// startOptionsOf reads the start form's choice: contacted=skip with
// skip_contacted_days, or contacted=include; none is a plain start.
func startOptionsOf(r *http.Request) (api.StartOptions, error) {
	var opt api.StartOptions
	switch choice := r.PostFormValue("contacted"); choice {
	case "":
	case "include":
		opt.IncludeContacted = true
	case "skip":
		days, err := boundedInt(r.PostFormValue("skip_contacted_days"), "skip_contacted_days", 1, api.MaxSkipContactedDays)
		if err != nil {
			return opt, paceline.Errorf(paceline.EINVALID, "Not started: the days to leave out the leads contacted in must be a whole number from 1 to %d", api.MaxSkipContactedDays)
		}
		opt.SkipContactedDays = days
	default:
		return opt, paceline.Errorf(paceline.EINVALID, "Not started: %q is no way on from a refused start (leave the leads out, or enroll them)", choice)
	}
	return opt, nil
}
