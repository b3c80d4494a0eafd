package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/sim"
)

// forecast --db gives the figures of the dashboard's forecast (api.Forecast, which the
// forecast page calls) for the same database, runs, weeks and start; without --db the
// campaign is the made-up one, which differs.
func TestForecastDBMatchesDashboard(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "me", "--type", "free")
	mustCLI(t, db, "accounts", "add", "--name", "nav", "--type", "sales-navigator")
	var csv strings.Builder
	csv.WriteString("First Name,Last Name,URL\n")
	for _, n := range []string{"ada", "bob", "cy", "dee", "eve", "fay", "gus", "hal", "ivy", "jo", "kim", "lu"} {
		csv.WriteString(n + ",Test,https://www.linkedin.com/in/" + n + "-test\n")
	}
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "leads.csv", csv.String()))

	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	out := mustCLI(t, db, "forecast", "--runs", "4", "--weeks", "3", "--start", start.Format(time.RFC3339), "--json")
	var cli sim.Forecast
	if err := json.Unmarshal([]byte(out), &cli); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	st := openTestStore(t, db)
	dash, err := api.New(api.Deps{Accounts: st, Leads: st, NowFunc: func() time.Time { return start }}).
		Forecast(context.Background(), 4, 3)
	if err != nil {
		t.Fatal(err)
	}
	if cli.Accounts != 2 || cli.Leads != 12 {
		t.Errorf("forecast --db: %d accounts, %d leads; want the database's 2 and 12", cli.Accounts, cli.Leads)
	}
	strip := func(f *sim.Forecast) string {
		c := *f
		c.WallSeconds, c.Parallel = 0, 0
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if a, b := strip(&cli), strip(dash); a != b {
		t.Errorf("forecast --db differs from the dashboard's:\ncli  %s\ndash %s", a, b)
	}

	// The synthetic forecast (no --db) is another campaign.
	var synth sim.Forecast
	out, _ = forecastNoDB(t, "--runs", "4", "--weeks", "3", "--start", start.Format(time.RFC3339), "--json")
	if err := json.Unmarshal([]byte(out), &synth); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if synth.Accounts != 1 || synth.Leads != 1000 {
		t.Errorf("forecast without --db: %d accounts, %d leads; want the made-up 1 and 1000", synth.Accounts, synth.Leads)
	}
}

// forecastNoDB runs forecast without --db.
func forecastNoDB(t *testing.T, args ...string) (string, string) {
	t.Helper()
	var out, errb strings.Builder
	if code := run(append([]string{"forecast"}, args...), nil, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	return out.String(), errb.String()
}

// --db with a flag of the made-up campaign is refused, naming the flag; a missing
// database is reported and not created.
func TestForecastDBRefusesMadeUpFlags(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "me", "--type", "free")
	for _, args := range [][]string{
		{"--accounts", "free:2"}, {"--leads", "5"}, {"--seed", "7"}, {"--strategy", "daily"}, {"--parallel=1"},
	} {
		code, _, errOut := cli(t, db, append([]string{"forecast", "--runs", "1", "--weeks", "1"}, args...)...)
		if code != exitUsage || !strings.Contains(errOut, strings.SplitN(args[0], "=", 2)[0]+" cannot be given with it") {
			t.Errorf("forecast --db %v: exit %d, %s", args, code, errOut)
		}
	}
	// No lead yet: the dashboard's own message.
	code, _, errOut := cli(t, db, "forecast", "--runs", "1", "--weeks", "1")
	if code != exitFailed || !strings.Contains(errOut, "no lead to forecast") {
		t.Errorf("forecast of a database without leads: exit %d, %s", code, errOut)
	}
	missing := filepath.Join(t.TempDir(), "none.db")
	code, _, errOut = cli(t, missing, "forecast", "--runs", "1", "--weeks", "1")
	if code != exitFailed || !strings.Contains(errOut, "no database at") || fileExists(missing) {
		t.Errorf("forecast of a missing database: exit %d, %s (exists %v)", code, errOut, fileExists(missing))
	}
}
