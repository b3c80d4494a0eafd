package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/paceline/paceline"
)

// DefaultFunnelDays is how far back the campaign funnels look by default.
const DefaultFunnelDays = 90

// CampaignFunnels reads every account's ledger and events of the last `days` days
// before now and computes the campaigns' funnels from them.
func CampaignFunnels(ctx context.Context, accounts paceline.AccountStore, h History, now time.Time, days int) ([]Funnel, error) {
	list, err := accounts.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	since, until := now.Add(-time.Duration(days)*24*time.Hour), now.Add(time.Nanosecond)
	var actions []paceline.Action
	var events []paceline.Event
	for _, acct := range list {
		as, err := h.Actions(ctx, acct.Name, since, until)
		if err != nil {
			return nil, err
		}
		es, err := h.Events(ctx, acct.Name, since, until)
		if err != nil {
			return nil, err
		}
		actions, events = append(actions, as...), append(events, es...)
	}
	return Funnels(actions, events), nil
}

func daysParam(r *http.Request) (int, error) {
	s := r.URL.Query().Get("days")
	if s == "" {
		return DefaultFunnelDays, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 400 {
		return 0, paceline.FieldErrorf("days", "%q is not a whole number from 1 to 400", s)
	}
	return n, nil
}

func (a *API) listCampaigns(w http.ResponseWriter, r *http.Request) error {
	days, err := daysParam(r)
	if err != nil {
		return err
	}
	fs, err := CampaignFunnels(r.Context(), a.deps.Accounts, a.deps.History, a.deps.now(), days)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		Campaigns []Funnel `json:"campaigns"`
	}{fs})
	return nil
}

func (a *API) getCampaign(w http.ResponseWriter, r *http.Request) error {
	days, err := daysParam(r)
	if err != nil {
		return err
	}
	fs, err := CampaignFunnels(r.Context(), a.deps.Accounts, a.deps.History, a.deps.now(), days)
	if err != nil {
		return err
	}
	name := r.PathValue("name")
	for _, f := range fs {
		if f.Campaign == name {
			writeJSON(w, http.StatusOK, f)
			return nil
		}
	}
	return paceline.Errorf(paceline.ENOTFOUND, "no campaign %q has sent anything in the last %d days", name, days)
}
