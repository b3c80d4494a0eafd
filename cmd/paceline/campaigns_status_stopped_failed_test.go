package main

import (
	"strings"
	"testing"
)

// The leads the runtime stopped because a step kept failing (reason "failed": a
// mailbox that cannot send stops every lead at its email step) are counted apart from
// bounces and opt-outs, capped with them to the stops counted, and status names them
// only when there are some.
func TestStoppedCountsCountFailedSteps(t *testing.T) {
	t.Parallel()
	var c stoppedCounts
	for reason, n := range map[string]int{"bounced": 2, "opted_out": 1, "failed": 7, "replied": 4} {
		c.add(reason, n)
	}
	if want := (stoppedCounts{Bounced: 2, OptedOut: 1, Failed: 7}); c != want {
		t.Fatalf("counted %+v, want %+v", c, want)
	}
	for _, tc := range []struct {
		n    int
		want stoppedCounts
	}{
		{14, stoppedCounts{2, 1, 7}},
		{10, stoppedCounts{2, 1, 7}},
		{6, stoppedCounts{2, 1, 3}},
		{2, stoppedCounts{2, 0, 0}},
		{-1, stoppedCounts{}},
	} {
		if got := c.capped(tc.n); got != tc.want {
			t.Errorf("capped(%d) = %+v, want %+v", tc.n, got, tc.want)
		}
	}
	var b strings.Builder
	writeStopped(&b, c)
	if !strings.Contains(b.String(), "stopped: step failed\t7 (") || !strings.Contains(b.String(), "stopped by bounce\t2") {
		t.Errorf("status rows:\n%s", b.String())
	}
	b.Reset()
	writeStopped(&b, stoppedCounts{Bounced: 1})
	if strings.Contains(b.String(), "failed") {
		t.Errorf("a status without failures names them:\n%s", b.String())
	}
}
