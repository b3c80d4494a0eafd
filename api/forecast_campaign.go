package api

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/sim"
)

// CampaignLister reads the stored campaigns, one or all; *sqlite.Store and *postgres.Store
// are ones.
type CampaignLister interface {
	CampaignReader
	Campaigns(ctx context.Context) ([]*paceline.Campaign, error)
}

// CampaignForecast is the forecast of one stored campaign (ForecastCampaign): the
// forecast's figures, with the campaign they are of.
type CampaignForecast struct {
	// Campaign is the campaign's name, List the list its leads were read from (""
	// for every lead).
	Campaign string `json:"campaign"`
	List     string `json:"list"`
	// Safety is the share of each cap the runs paced at: that of the campaign's
	// accounts when they all have the same, else the lowest of theirs (the simulator
	// paces every seat at one share), which SafetyNote then says.
	Safety     float64 `json:"safety"`
	SafetyNote string  `json:"safety_note,omitempty"`
	// Stored says the forecast is of a database's accounts (ForecastStore or
	// ForecastCampaign), not of a made-up campaign: what it advises is then done to
	// the stored accounts.
	Stored bool `json:"-"`
	*sim.Forecast
}

// ForecastCampaign runs the forecast of ForecastStore on the stored campaign named
// name: its own sequence, the best leads of its list that it has not enrolled and no
// other campaign runs (up to ForecastMaxLeads) and its accounts with their types and
// safety, from now. Errors: ENOTFOUND for an unknown
// campaign (listing the campaigns) or an account of the campaign that is gone, and
// those of ForecastStore.
func ForecastCampaign(ctx context.Context, campaigns CampaignLister, accounts paceline.AccountStore, leads paceline.LeadStore, name string, runs, weeks int, now time.Time) (*CampaignForecast, error) {
	if err := checkForecast(runs, weeks); err != nil {
		return nil, err
	}
	c, err := storedCampaign(ctx, campaigns, name)
	if err != nil {
		return nil, err
	}
	seq, err := sequence.Parse([]byte(c.Sequence))
	if err != nil {
		return nil, paceline.Errorf(paceline.EINVALID, "the stored sequence of campaign %s does not parse (%v): create the campaign again from a valid sequence", c.Name, err)
	}
	if len(c.Accounts) == 0 {
		return nil, paceline.Errorf(paceline.EINVALID, "campaign %s has no account to forecast: create it again with its accounts", c.Name)
	}
	out := &CampaignForecast{Campaign: c.Name, List: c.List, Stored: true}
	accts := make([]*paceline.Account, 0, len(c.Accounts))
	for _, n := range c.Accounts {
		a, err := accounts.Account(ctx, n)
		if paceline.ErrorCode(err) == paceline.ENOTFOUND {
			return nil, paceline.Errorf(paceline.ENOTFOUND, "campaign %s sends from account %s, which is gone: add it again with paceline accounts add, or create the campaign again without it", c.Name, n)
		} else if err != nil {
			return nil, fmt.Errorf("account %s of campaign %s: %w", n, c.Name, err)
		}
		accts = append(accts, a)
	}
	seats, notes, err := forecastSeats(accts)
	if err != nil {
		return nil, err
	}
	if len(seats) == 0 {
		return nil, paceline.Errorf(paceline.EINVALID, "every account of campaign %s is paused, so the forecast has none to send from: resume one with paceline accounts resume NAME", c.Name)
	}
	safeties := map[float64][]string{}
	for _, a := range accts {
		if a.State == paceline.AccountPaused {
			continue // left out of the forecast, so not of its safety either
		}
		s := a.Safety
		if s <= 0 || s > 1 {
			s = sim.DefaultSafety
		}
		if out.Safety == 0 || s < out.Safety {
			out.Safety = s
		}
		safeties[s] = append(safeties[s], a.Name)
	}
	if len(safeties) > 1 {
		out.SafetyNote = fmt.Sprintf("the campaign's accounts pace at different shares of their caps (safety): every run paced them all at the lowest, %g, that of %s, so the forecast errs on the slow side",
			out.Safety, strings.Join(safeties[out.Safety], ", "))
	}
	list, left, told, err := forecastLeads(ctx, leads, c.List, c.Name)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 && left > 0 {
		return nil, paceline.Errorf(paceline.EINVALID, "every lead of campaign %s is enrolled in it already or runs in another campaign, so there is none left to forecast: paceline campaigns status %s shows how the campaign goes", c.Name, c.Name)
	}
	sent, ledger, err := withHistory(ctx, accounts, seats, forecastStart(now))
	if err != nil {
		return nil, err
	}
	notes = append([]string{startNote(now, len(list), left, told, "in campaign "+c.Name+" or running in another", sent, ledger)}, notes...)
	if len(list) == 0 {
		if c.List != "" {
			return nil, paceline.Errorf(paceline.EINVALID, "list %s of campaign %s has no lead to forecast: import some with paceline leads import --list %s", c.List, c.Name, c.List)
		}
		return nil, paceline.Errorf(paceline.EINVALID, "there is no lead to forecast: import some with paceline leads import")
	}
	out.Forecast, err = runStoreForecast(ctx, sim.Config{Accounts: seats, Leads: list, Sequence: seq, Safety: out.Safety}, notes, runs, weeks, now)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// storedCampaign reads the campaign named name; an unknown name is ENOTFOUND listing
// the campaigns there are.
func storedCampaign(ctx context.Context, campaigns CampaignLister, name string) (*paceline.Campaign, error) {
	c, err := campaigns.Campaign(ctx, name)
	if paceline.ErrorCode(err) != paceline.ENOTFOUND {
		return c, err
	}
	all, err := campaigns.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, paceline.Errorf(paceline.ENOTFOUND, "no campaign named %q: there is none yet (create one with paceline campaigns create)", name)
	}
	names := make([]string, len(all))
	for i, c := range all {
		names[i] = c.Name
	}
	return nil, paceline.Errorf(paceline.ENOTFOUND, "no campaign named %q: give one of %s", name, strings.Join(names, ", "))
}
