package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/sqlite"
)

// abYAML tests two invite notes against each other.
const abYAML = `name: ab
steps:
  - id: connect
    invite:
      variants:
        - {id: short, note: "Hi {{first_name}}, glad to connect."}
        - {id: warm, note: "Hello {{first_name}}, I read your posts and would be glad to connect."}
    wait_for: {event: accepted, timeout: 7d, on_timeout: stop}
`

// campaigns variants prints each variant's counts as the enrollments' snapshots keep
// them, as a table and as JSON; a campaign without variants says how to add some, and
// an unknown one fails with the sentence that names it.
func TestCampaignsVariants(t *testing.T) {
	t.Parallel()
	db, names := crashFixture(t, 1, 6) // campaign "crash" has no variants
	seq := filepath.Join(t.TempDir(), "ab.yaml")
	if err := os.WriteFile(seq, []byte(abYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "campaigns", "pause", "crash")
	mustCLI(t, db, "campaigns", "create", "--name", "ab", "--list", "crash", "--accounts", names[0], "--sequence", seq)

	// What ticks would have saved: 3 leads sent "short" (2 accepted), 1 sent "warm".
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var recs []paceline.EnrollmentRecord
	for _, l := range []string{"in/ab-a", "in/ab-b", "in/ab-c", "in/ab-d"} {
		recs = append(recs, paceline.EnrollmentRecord{Lead: l, Account: names[0], LeadFacts: "{}", Started: time.Now()})
	}
	if _, err := st.AddEnrollments(ctx, "ab", recs); err != nil {
		t.Fatal(err)
	}
	if err := st.SetCampaignState(ctx, "ab", paceline.CampaignActive, ""); err != nil {
		t.Fatal(err)
	}
	running, err := st.RunningEnrollments(ctx, names[0])
	if err != nil || len(running) != 4 {
		t.Fatalf("running: %+v, %v", running, err)
	}
	uses := []string{
		`{"step":"connect","variant":"short","sent":true,"success":true}`,
		`{"step":"connect","variant":"short","sent":true,"success":true}`,
		`{"step":"connect","variant":"short","sent":true}`,
		`{"step":"connect","variant":"warm","sent":true}`,
	}
	for i := range running {
		running[i].State, running[i].Snapshot = paceline.EnrollmentWaiting, `{"step":0,"variants":[`+uses[i]+`]}`
	}
	if err := st.SaveTick(ctx, names[0], running, 0, time.Now()); err != nil {
		t.Fatal(err)
	}
	st.Close()

	out := mustCLI(t, db, "campaigns", "variants", "ab")
	for _, want := range []string{"STEP", "P(BEST)", "connect", "accepted", "66.7%", "0.0%"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	var steps []runtime.StepVariants
	if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "variants", "ab", "--json")), &steps); err != nil {
		t.Fatal(err)
	}
	if len(steps) != 1 || len(steps[0].Variants) != 2 || steps[0].Variants[0].Sends != 3 || steps[0].Variants[0].Successes != 2 ||
		steps[0].Variants[1].Sends != 1 || steps[0].Variants[1].Successes != 0 {
		t.Fatalf("JSON: %+v", steps)
	}
	if out := mustCLI(t, db, "campaigns", "variants", "crash"); !strings.Contains(out, "no step with variants") {
		t.Errorf("a campaign without variants:\n%s", out)
	}
	if code, _, errOut := cli(t, db, "campaigns", "variants", "nope"); code != exitFailed || !strings.Contains(errOut, `no campaign named "nope"`) {
		t.Errorf("unknown campaign: exit %d, %q", code, errOut)
	}
}
