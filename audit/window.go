package audit

import "time"

// rollingCount counts done actions of one kind in the rolling window (t-span, t] as the
// actions arrive in time order: two pointers over the times seen so far, so a whole
// account's history costs O(n).
type rollingCount struct {
	span  time.Duration
	limit int
	times []time.Time
	left  int // first time still inside the window
}

// add records an action at t (not before any earlier one) and returns how many actions
// lie in (t-span, t], this one included.
func (w *rollingCount) add(t time.Time) int {
	w.times = append(w.times, t)
	// An earlier action at s leaves the window when s <= t-span, that is t-s >= span:
	// the window is open on the left, so an action exactly one span later starts afresh.
	for t.Sub(w.times[w.left]) >= w.span {
		w.left++
	}
	// Drop the expired prefix now and then so memory follows the window, not the ledger.
	if w.left >= 4096 && w.left*2 >= len(w.times) {
		n := copy(w.times, w.times[w.left:])
		w.times = w.times[:n]
		w.left = 0
	}
	return len(w.times) - w.left
}
