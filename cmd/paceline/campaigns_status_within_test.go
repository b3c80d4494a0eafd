package main

import "testing"

// A review found campaigns status could say more leads were stopped by a bounce or an
// opt-out than were stopped at all: the reasons were read after the states, and a lead
// stopped in between was counted in the first and not the second. They are capped.
func TestStoppedCountsWithin(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		by   stoppedCounts
		n    int
		want stoppedCounts
	}{
		{stoppedCounts{Bounced: 2, OptedOut: 3}, 10, stoppedCounts{Bounced: 2, OptedOut: 3}},
		{stoppedCounts{Bounced: 2, OptedOut: 3}, 5, stoppedCounts{Bounced: 2, OptedOut: 3}},
		{stoppedCounts{Bounced: 2, OptedOut: 3}, 4, stoppedCounts{Bounced: 2, OptedOut: 2}},
		{stoppedCounts{Bounced: 2, OptedOut: 3}, 1, stoppedCounts{Bounced: 1}},
		{stoppedCounts{OptedOut: 1}, 0, stoppedCounts{}},
		{stoppedCounts{Bounced: 1, OptedOut: 1}, -1, stoppedCounts{}},
	} {
		if got := tc.by.within(tc.n); got != tc.want {
			t.Errorf("%+v.within(%d) = %+v, want %+v", tc.by, tc.n, got, tc.want)
		}
	}
}
