package paceline

import (
	"strings"
	"testing"
	"time"
)

// An account's minimum gap may not exceed a day: the gap spaces a working day's actions.
func TestAccountRefusesAMinGapOverADay(t *testing.T) {
	t.Parallel()
	a := Account{Name: "ann", Type: TypeFree, Executor: ExecutorSim, State: AccountActive, TimeZone: "UTC",
		Hours: DefaultWorkingHours, Days: DefaultWorkingDays, MinGap: MaxMinGap, Safety: 1}
	if err := a.Validate(); err != nil {
		t.Fatalf("a gap of a day: %v", err)
	}
	a.MinGap = MaxMinGap + time.Second
	if err := a.Validate(); err == nil || !strings.Contains(err.Error(), "min-gap") {
		t.Fatalf("a gap over a day: %v, want a min-gap error", err)
	}
}
