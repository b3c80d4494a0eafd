package limits

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// A stored minimum gap of centuries (accounts refuse one over a day now, but a database
// may hold one) is read as a day: the jittered gap used to overflow the clock, and the
// Pacer then allowed the next action minutes after the last.
func TestDecideReadsAHugeMinGapAsADay(t *testing.T) {
	t.Parallel()
	p := newPacer(t, paceline.TypeSalesNavigator, func(c *Config) { c.MinGap = time.Duration(1<<63 - 1) })
	last := at(2, 10, 0)
	done(p, paceline.KindVisit, last)
	d := p.Decide(at(2, 10, 30), Request{Kind: paceline.KindVisit})
	if d.Allowed || d.At.Before(last.Add(paceline.MaxMinGap)) {
		t.Fatalf("30 minutes after an action with a gap of years: %+v, want a wait of at least a day", d)
	}
}
