package sim

// window holds the instants (unix nanoseconds, non-decreasing) of one account's
// actions of one sort, to count them over a rolling span that only moves forward.
type window struct {
	ts   []int64
	head int
}

// add appends t. Once more than half the slice lies before head (and that is more than
// a few instants), the live part moves to the front: the slice stays about twice the
// rolling window's count instead of growing through the run, and each instant is moved
// at most about once.
func (w *window) add(t int64) {
	if w.head > 32 && w.head > len(w.ts)/2 {
		n := copy(w.ts, w.ts[w.head:])
		w.ts, w.head = w.ts[:n], 0
	}
	w.ts = append(w.ts, t)
}

// count returns how many instants lie after since; since must never go backwards.
func (w *window) count(since int64) int {
	for w.head < len(w.ts) && w.ts[w.head] <= since {
		w.head++
	}
	return len(w.ts) - w.head
}

func (w *window) reset() { w.ts, w.head = w.ts[:0], 0 }
