package engine

import (
	"context"
	"testing"
)

// TestDueNowMatchesNextWake: DueNow says exactly when NextWake would name the instant
// of the last Step again, the case the simulator steps again at once for.
func TestDueNowMatchesNextWake(t *testing.T) {
	t.Parallel()
	src := `
name: r
steps:
  - id: look
    visit: {}
  - id: again
    delay: 1h
    visit: {}
`
	w := &world{}
	g, _ := newEngine(t, w, []string{"alice"}, parseSeq(t, src))
	for _, l := range []string{"ada", "bob", "cy"} {
		if _, err := g.Enroll("c1", testLead(l), t0); err != nil {
			t.Fatal(err)
		}
	}
	if g.DueNow() {
		t.Fatal("DueNow before the first Step: the engine has no now")
	}
	steps, again := 0, 0
	for wake := g.NextWake(); !wake.IsZero() && steps < 1000; wake = g.NextWake() {
		if err := g.Step(context.Background(), wake); err != nil {
			t.Fatal(err)
		}
		steps++
		now := g.now
		if due := g.DueNow(); due != g.NextWake().Equal(now) {
			t.Fatalf("step %d at %v: DueNow %v, NextWake %v", steps, now, due, g.NextWake())
		} else if due {
			again++
		}
	}
	if again == 0 || len(w.actions) != 6 {
		t.Fatalf("%d actions, %d looks again at once: the test does not exercise DueNow", len(w.actions), again)
	}
}
