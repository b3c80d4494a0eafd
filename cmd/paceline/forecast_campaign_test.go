package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/sim"
)

// forecast --db --campaign NAME forecasts that stored campaign: its own sequence, the
// leads of its list and its accounts at their safety, and --json names it; the figures
// are api.ForecastCampaign's for the same start. Without --campaign the forecast stays
// the database's (the built-in sequence, every account and lead). An unknown campaign
// is refused, listing the campaigns.
func TestForecastCampaign(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(t *testing.T, db string) {
		mustCLI(t, db, "accounts", "add", "--name", "me", "--type", "free")
		mustCLI(t, db, "accounts", "add", "--name", "nav", "--type", "sales-navigator", "--safety", "0.8")
		mustCLI(t, db, "accounts", "add", "--name", "other", "--type", "premium-business")
		dir := t.TempDir()
		leads := func(prefix string, n int) string {
			var b strings.Builder
			b.WriteString("First Name,Last Name,URL\n")
			for i := range n {
				name := prefix + string(rune('a'+i))
				b.WriteString(name + ",Test,https://www.linkedin.com/in/" + name + "-test\n")
			}
			return writeFile(t, dir, prefix+".csv", b.String())
		}
		mustCLI(t, db, "leads", "import", leads("all", 20))
		mustCLI(t, db, "leads", "import", "--list", "growth", leads("grow", 6))
		seq := writeFile(t, dir, "seq.yaml", "name: short\nsteps:\n  - id: visit\n    visit: {}\n  - id: invite\n    invite: {}\n    delay: 1d\n")
		mustCLI(t, db, "campaigns", "create", "--name", "q1", "--list", "growth", "--accounts", "me,nav", "--sequence", seq)
		mustCLI(t, db, "campaigns", "create", "--name", "all-in", "--accounts", "me")

		start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		args := []string{"forecast", "--runs", "3", "--weeks", "2", "--start", start.Format(time.RFC3339), "--json"}
		out := mustCLI(t, db, append(args, "--campaign", "q1")...)
		var got api.CampaignForecast
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out)
		}
		if got.Campaign != "q1" || got.List != "growth" || got.Accounts != 2 || got.Leads != 6 {
			t.Errorf("forecast --campaign q1: campaign %q, list %q, %d accounts, %d leads; want q1, growth, 2 and 6",
				got.Campaign, got.List, got.Accounts, got.Leads)
		}
		if got.Safety != 0.8 || !strings.Contains(got.SafetyNote, "the lowest, 0.8, that of nav") {
			t.Errorf("safety %g, note %q; want nav's 0.8 and a note saying so", got.Safety, got.SafetyNote)
		}
		for k := range got.Actions {
			if k != "visit" && k != "invite" {
				t.Errorf("forecast --campaign q1 did %s, which its sequence has not: %v", k, got.Actions)
			}
		}
		if p := got.Actions["invite"].P50; p == nil || *p != 6 {
			t.Errorf("invites %v; want the list's 6", p)
		}

		st := openTestStore(t, db)
		want, err := api.ForecastCampaign(context.Background(), st.(api.CampaignLister), st, st, "q1", 3, 2, start)
		if err != nil {
			t.Fatal(err)
		}
		strip := func(f *api.CampaignForecast) string {
			c := *f.Forecast
			c.WallSeconds, c.Parallel = 0, 0
			b, err := json.Marshal(api.CampaignForecast{Campaign: f.Campaign, List: f.List, Safety: f.Safety, SafetyNote: f.SafetyNote, Forecast: &c})
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		if a, b := strip(&got), strip(want); a != b {
			t.Errorf("forecast --campaign differs from api.ForecastCampaign:\ncli %s\napi %s", a, b)
		}

		// Every lead and the accounts' one safety: no note.
		var all api.CampaignForecast
		if err := json.Unmarshal([]byte(mustCLI(t, db, append(args, "--campaign", "all-in")...)), &all); err != nil {
			t.Fatal(err)
		}
		if all.Campaign != "all-in" || all.Accounts != 1 || all.Leads != 26 || all.Safety != sim.DefaultSafety || all.SafetyNote != "" {
			t.Errorf("forecast --campaign all-in: %+v", all)
		}

		// Without --campaign: as before, no campaign named, the built-in sequence.
		out = mustCLI(t, db, args...)
		if strings.Contains(out, `"campaign"`) {
			t.Errorf("forecast --db without --campaign names a campaign:\n%s", out)
		}
		var plain sim.Forecast
		if err := json.Unmarshal([]byte(out), &plain); err != nil {
			t.Fatal(err)
		}
		if plain.Accounts != 3 || plain.Leads != 26 {
			t.Errorf("forecast --db: %d accounts, %d leads; want every one, 3 and 26", plain.Accounts, plain.Leads)
		}

		// The table says which campaign it is.
		text := mustCLI(t, db, "forecast", "--runs", "1", "--weeks", "1", "--campaign", "q1")
		if !strings.Contains(text, "Campaign") || !strings.Contains(text, "q1: its own sequence, list growth, its accounts at safety 0.8") ||
			!strings.Contains(text, "that of nav") {
			t.Errorf("forecast --campaign q1 table:\n%s", text)
		}

		code, _, errOut := cli(t, db, "forecast", "--runs", "1", "--weeks", "1", "--campaign", "q2")
		if code != exitFailed || !strings.Contains(errOut, `no campaign named "q2": give one of `) ||
			!strings.Contains(errOut, "q1") || !strings.Contains(errOut, "all-in") {
			t.Errorf("forecast --campaign q2 (unknown): exit %d, %s", code, errOut)
		}
		code, _, errOut = cli(t, db, "forecast", "--campaign", "q1", "--sequence", seq)
		if code != exitUsage || !strings.Contains(errOut, "--sequence cannot be given with it") {
			t.Errorf("forecast --campaign with --sequence: exit %d, %s", code, errOut)
		}
	})
}
