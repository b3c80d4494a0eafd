package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
)

// DefaultFunnelDays is how far back the campaign funnels look by default.
const DefaultFunnelDays = 90

// CampaignFunnels reads every account's ledger and events of the last `days` days
// before now and computes the campaigns' funnels from them (FunnelsBetween).
func CampaignFunnels(ctx context.Context, accounts paceline.AccountStore, h History, now time.Time, days int) ([]Funnel, error) {
	since, until := now.Add(-time.Duration(days)*24*time.Hour), now.Add(time.Nanosecond)
	return FunnelsBetween(ctx, accounts, h, since, until)
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

func (a *API) campaignViews(ctx context.Context, days int) ([]CampaignView, error) {
	return CampaignViews(ctx, &a.deps, days)
}

// CampaignViews joins the stored campaigns (when d keeps any) with the funnels of
// the last days of every campaign the ledger knows, by name: the API's campaign list
// and the dashboard's Campaigns page.
func CampaignViews(ctx context.Context, d *Deps, days int) ([]CampaignView, error) {
	fs, err := CampaignFunnels(ctx, d.Accounts, d.History, d.now(), days)
	if err != nil {
		return nil, err
	}
	byName := map[string]*CampaignView{}
	var out []*CampaignView
	if d.Campaigns != nil {
		stored, err := d.Campaigns.Campaigns(ctx)
		if err != nil {
			return nil, err
		}
		for _, c := range stored {
			v := &CampaignView{Name: c.Name, State: string(c.State), List: c.List, Accounts: c.Accounts,
				Priority: c.Priority, PausedReason: c.PausedReason}
			byName[c.Name] = v
			out = append(out, v)
		}
	}
	for i := range fs {
		v := byName[fs[i].Campaign]
		if v == nil {
			v = &CampaignView{Name: fs[i].Campaign, Accounts: []string{}}
			byName[v.Name] = v
			out = append(out, v)
		}
		v.Funnel = &fs[i]
	}
	views := make([]CampaignView, len(out))
	for i, v := range out {
		views[i] = *v
	}
	return views, nil
}

func (a *API) listCampaigns(w http.ResponseWriter, r *http.Request) error {
	days, err := daysParam(r)
	if err != nil {
		return err
	}
	views, err := a.campaignViews(r.Context(), days)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		Campaigns []CampaignView `json:"campaigns"`
	}{views})
	return nil
}

func (a *API) getCampaign(w http.ResponseWriter, r *http.Request) error {
	days, err := daysParam(r)
	if err != nil {
		return err
	}
	views, err := a.campaignViews(r.Context(), days)
	if err != nil {
		return err
	}
	name := r.PathValue("name")
	for _, v := range views {
		if v.Name == name {
			writeJSON(w, http.StatusOK, v)
			return nil
		}
	}
	return paceline.Errorf(paceline.ENOTFOUND, "no campaign %q is stored or has sent anything in the last %s", name, plural.Count(days, "day"))
}
