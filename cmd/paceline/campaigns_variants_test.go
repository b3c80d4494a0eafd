package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/runtime"
)

// campaigns variants prints each variant's counts as the enrollments' snapshots keep
// them, as a table and as JSON, on either store; a campaign without variants says how
// to add some, and an unknown one fails with the sentence that names it.
func TestCampaignsVariants(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(t *testing.T, db string) {
		mustCLI(t, db, "migrate")
		mustCLI(t, db, "accounts", "add", "--name", "seat-0", "--type", "sales-navigator")
		mustCLI(t, db, "campaigns", "create", "--name", "plain", "--list", "x", "--accounts", "seat-0")
		rdb, err := (&app{dbPath: db}).openRuntimeDB(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		// What ticks would have saved: 3 leads sent "short" (2 accepted), 1 sent "warm".
		apitest.VariantUses(t, rdb.store, "ab", apitest.ABSequence, "seat-0", map[string]string{
			"in/ab-a": `{"step":"connect","variant":"short","sent":true,"success":true}`,
			"in/ab-b": `{"step":"connect","variant":"short","sent":true,"success":true}`,
			"in/ab-c": `{"step":"connect","variant":"short","sent":true}`,
			"in/ab-d": `{"step":"connect","variant":"warm","sent":true}`,
		})
		rdb.Close()

		out := mustCLI(t, db, "campaigns", "variants", "ab")
		for _, want := range []string{"STEP", "P(BEST)", "connect", "accepted", "66.7%", "0.0%", "frozen"} {
			if !strings.Contains(out, want) {
				t.Errorf("table lacks %q:\n%s", want, out)
			}
		}
		var steps []runtime.StepVariants
		if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "variants", "ab", "--json")), &steps); err != nil {
			t.Fatal(err)
		}
		if len(steps) != 1 || len(steps[0].Variants) != 2 || steps[0].Frozen != "warm" ||
			steps[0].Variants[0].Sends != 3 || steps[0].Variants[0].Successes != 2 ||
			steps[0].Variants[1].Sends != 1 || steps[0].Variants[1].Successes != 0 {
			t.Fatalf("JSON: %+v", steps)
		}
		if out := mustCLI(t, db, "campaigns", "variants", "plain"); !strings.Contains(out, "no step with variants") {
			t.Errorf("a campaign without variants:\n%s", out)
		}
		if code, _, errOut := cli(t, db, "campaigns", "variants", "nope"); code != exitFailed || !strings.Contains(errOut, `no campaign named "nope"`) {
			t.Errorf("unknown campaign: exit %d, %q", code, errOut)
		}
	})
}
