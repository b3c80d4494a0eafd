package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paceline/paceline/sim"
)

// forecast --db paces each stored account by its own settings, as serve does: an
// account working Mondays 09:00-11:00 forecast as Mon-Fri 09:00-18:00, a paused one was
// forecast as sending, an assisted one as automatic without a word. The paused account
// is now left out and an assisted one is modelled with a caveat, both said in the
// table and the JSON.
func TestForecastDBAccountSettings(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("First Name,Last Name,URL\n")
	for i := range 300 {
		name := "p" + string(rune('a'+i%26)) + string(rune('a'+i/26%26))
		b.WriteString(name + ",Test,https://www.linkedin.com/in/" + name + "-test\n")
	}
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "leads.csv", b.String()))
	args := []string{"forecast", "--runs", "2", "--weeks", "2", "--start", "2026-03-02T00:00:00Z", "--json"}
	invites := func() (*sim.Forecast, float64) {
		t.Helper()
		var f sim.Forecast
		if err := json.Unmarshal([]byte(mustCLI(t, db, args...)), &f); err != nil {
			t.Fatal(err)
		}
		p := f.Actions["invite"].P50
		if p == nil {
			t.Fatalf("no invites: %+v", f)
		}
		return &f, *p
	}
	mustCLI(t, db, "accounts", "add", "--name", "week", "--type", "free")
	_, week := invites()
	mustCLI(t, db, "accounts", "update", "week", "--working-days", "mon", "--working-hours", "09:00-11:00")
	_, monday := invites()
	if monday >= week {
		t.Errorf("an account working Mondays 09:00-11:00 forecasts %g invites in 2 weeks, as Mon-Fri 09:00-18:00 %g: want fewer", monday, week)
	}

	mustCLI(t, db, "accounts", "add", "--name", "idle", "--type", "sales-navigator")
	mustCLI(t, db, "accounts", "pause", "idle")
	mustCLI(t, db, "accounts", "add", "--name", "helper", "--type", "free", "--executor", "assist")
	f, _ := invites()
	if f.Accounts != 2 {
		t.Errorf("forecast of week, idle (paused) and helper: %d accounts, want 2", f.Accounts)
	}
	notes := strings.Join(f.Notes, "\n")
	for _, want := range []string{"left out 1 account paused (idle)", "1 account is assisted (helper)", "upper bound"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes do not say %q:\n%s", want, notes)
		}
	}
	text := mustCLI(t, db, "forecast", "--runs", "1", "--weeks", "1")
	if !strings.Contains(text, "Assumes") || !strings.Contains(text, "left out 1 account paused (idle)") {
		t.Errorf("the table does not say what the forecast leaves out:\n%s", text)
	}
}
