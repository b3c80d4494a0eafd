package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/sequence"
)

// campaignsOf is a campaign store holding the given campaigns.
type campaignsOf []*paceline.Campaign

func (cs campaignsOf) Campaign(_ context.Context, name string) (*paceline.Campaign, error) {
	for _, c := range cs {
		if c.Name == name {
			return c, nil
		}
	}
	return nil, paceline.Errorf(paceline.ENOTFOUND, "no campaign named %q", name)
}

func (cs campaignsOf) Campaigns(context.Context) ([]*paceline.Campaign, error) { return cs, nil }

// ForecastCampaign forecasts the named campaign with its sequence, accounts and list,
// and says what to do when it cannot: an unknown name lists the campaigns, an account
// that is gone or a list without leads says how to fix it.
func TestForecastCampaignStore(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	ctx := context.Background()
	def := string(sequence.DefaultYAML())
	forecast := func(cs campaignsOf, name string, runs int) (*api.CampaignForecast, error) {
		return api.ForecastCampaign(ctx, cs, f.Store, f.Store, name, runs, 1, apitest.Now)
	}

	if _, err := forecast(nil, "q1", 1); paceline.ErrorCode(err) != paceline.ENOTFOUND || !strings.Contains(paceline.ErrorMessage(err), "there is none yet") {
		t.Errorf("no campaign stored: %v", err)
	}
	cs := campaignsOf{
		{Name: "q1", Sequence: def, Accounts: []string{"alice", "bob"}},
		{Name: "gone", Sequence: def, Accounts: []string{"alice", "zed"}},
		{Name: "empty", Sequence: def, List: "nobody", Accounts: []string{"alice"}},
		{Name: "broken", Sequence: "steps: [", Accounts: []string{"alice"}},
	}
	for _, c := range []struct {
		name string
		code string
		msg  string
	}{
		{"q9", paceline.ENOTFOUND, `no campaign named "q9": give one of q1, gone, empty, broken`},
		{"gone", paceline.ENOTFOUND, "campaign gone sends from account zed, which is gone"},
		{"empty", paceline.EINVALID, "list nobody of campaign empty has no lead to forecast: import some with paceline leads import --list nobody"},
		{"broken", paceline.EINVALID, "the stored sequence of campaign broken does not parse"},
	} {
		_, err := forecast(cs, c.name, 1)
		if paceline.ErrorCode(err) != c.code || !strings.Contains(paceline.ErrorMessage(err), c.msg) {
			t.Errorf("campaign %s: %v; want %s saying %q", c.name, err, c.code, c.msg)
		}
	}
	if _, err := forecast(cs, "q1", 0); paceline.ErrorCode(err) != paceline.EINVALID {
		t.Errorf("0 runs: %v", err)
	}

	got, err := forecast(cs, "q1", 2)
	if err != nil {
		t.Fatal(err)
	}
	if got.Campaign != "q1" || got.Accounts != 2 || got.Leads != len(f.Leads) || got.Runs != 2 || got.Safety != 1 || got.SafetyNote != "" {
		t.Errorf("forecast of q1: campaign %q, %d accounts, %d leads, %d runs, safety %g %q", got.Campaign, got.Accounts, got.Leads, got.Runs, got.Safety, got.SafetyNote)
	}
}
