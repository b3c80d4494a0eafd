package audit

import "time"

// rollingCount counts done actions of one kind in the rolling window (t-span, t] as the
// actions arrive in time order: two pointers over the places in the account's history
// of the actions seen so far, so a whole account's history costs O(n).
type rollingCount struct {
	span   time.Duration
	limit  int
	places []int32 // places in the sweep's history of the counted actions (see Check)
	left   int     // first place still inside the window
}

// add records the action at place p of h (not before any earlier one) and returns how
// many actions lie in (t-span, t], this one included.
func (w *rollingCount) add(h *sweep, p int) int {
	w.places = append(w.places, int32(p))
	// An earlier action at s leaves the window when s <= t-span, that is t-s >= span:
	// the window is open on the left, so an action exactly one span later starts afresh.
	for h.sub(p, int(w.places[w.left])) >= w.span {
		w.left++
	}
	// Drop the expired prefix now and then so memory follows the window, not the ledger.
	if w.left >= 4096 && w.left*2 >= len(w.places) {
		n := copy(w.places, w.places[w.left:])
		w.places = w.places[:n]
		w.left = 0
	}
	return len(w.places) - w.left
}
