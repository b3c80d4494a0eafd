package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/sim"
)

// forecast --db paces each account by its own caps, as serve does: the same account
// and leads with --cap invite=5 forecast at most 5 invites a week and fewer accepts
// than at the preset.
func TestForecastDBHonoursAccountCaps(t *testing.T) {
	t.Parallel()
	var csv strings.Builder
	csv.WriteString("First Name,Last Name,URL\n")
	for i := range 200 {
		fmt.Fprintf(&csv, "lead%d,Test,https://www.linkedin.com/in/lead%d-test\n", i, i)
	}
	leads := writeFile(t, t.TempDir(), "leads.csv", csv.String())
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	forecast := func(capArgs ...string) sim.Forecast {
		t.Helper()
		db := filepath.Join(t.TempDir(), "p.db")
		mustCLI(t, db, append([]string{"accounts", "add", "--name", "me", "--type", "free"}, capArgs...)...)
		mustCLI(t, db, "leads", "import", leads)
		out := mustCLI(t, db, "forecast", "--runs", "3", "--weeks", "3", "--start", start.Format(time.RFC3339), "--json")
		var f sim.Forecast
		if err := json.Unmarshal([]byte(out), &f); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out)
		}
		return f
	}
	preset, capped := forecast(), forecast("--cap", "invite=5")
	p50 := func(p sim.Percentiles) float64 {
		if p.P50 == nil {
			return -1
		}
		return *p.P50
	}
	if got := p50(capped.Actions["invite"]); got < 1 || got > 3*5 {
		t.Errorf("with --cap invite=5: %g invites in 3 weeks (median), want 1 to 15", got)
	}
	if a, b := p50(preset.Accepted), p50(capped.Accepted); b >= a {
		t.Errorf("with --cap invite=5: %g accepts (median), not fewer than the preset's %g", b, a)
	}
}
