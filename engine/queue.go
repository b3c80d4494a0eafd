package engine

// The engine's timer, ready and seat queues are binary heaps written out for their
// element types: a simulation pushes and pops one entry per step of every lead, so they
// avoid the interface and closure calls of container/heap. (The hygiene queue, filled
// nearly always in order, is a sorted slice instead: hygiene.go.)

// timer is an enrollment waiting for an instant: the end of a delay or a timeout. It
// names the enrollment by ref (Engine.all[ref]; a detached withdrawal never waits for
// a timer) and holds no pointer, so moving timers about the heap costs the garbage
// collector nothing; at 16 bytes, four share a cache line.
type timer struct {
	at  int64 // unix nanoseconds
	ref int32 // ID-1, so it orders timers of one instant as their IDs do
	gen uint32
}

type timerQueue []timer

func (t *timer) before(o *timer) bool {
	if t.at != o.at {
		return t.at < o.at
	}
	return t.ref < o.ref
}

func (q *timerQueue) push(t timer) {
	*q = append(*q, t)
	h := *q
	h.up(len(h)-1, t)
}

// up moves t from the hole at i towards the root to its place.
func (h timerQueue) up(i int, t timer) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.before(&h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = t
}

// pop removes the earliest timer. It moves the hole the root leaves down to a leaf
// along the earlier children (one comparison a level), then the last timer up from
// there: the last timer nearly always belongs near the bottom, so this makes about
// half the comparisons of sifting it down from the root.
func (q *timerQueue) pop() timer {
	h := *q
	top := h[0]
	n := len(h) - 1
	last := h[n]
	h = h[:n]
	*q = h
	if n == 0 {
		return top
	}
	// Unsigned indexes checked against len(h), and the hole held by pointer, let the
	// compiler drop the bounds checks of this loop, the heap's hottest.
	i, hole := uint(0), &h[0]
	for {
		c := 2*i + 1
		if c >= uint(len(h)) {
			break
		}
		child := &h[c]
		if r := c + 1; r < uint(len(h)) && h[r].before(child) {
			c, child = r, &h[r]
		}
		*hole = *child
		i, hole = c, child
	}
	h.up(int(i), last)
	return top
}

// item is a due step waiting for its account's Pacer, with its priority key. It names
// its enrollment by ref (Engine.byRef) rather than by pointer, so the heap moves plain
// values the garbage collector need not watch.
type item struct {
	since int64 // when it became due, older first
	id    int32 // the enrollment's ID (a detached withdrawal shares its enrollment's)
	ref   int32
	gen   uint32
	prio  int32 // campaign priority, higher first
	score int32 // lead score, higher first
	class uint8 // 0: a follow-up (the lead was already touched), 1: a first touch
}

// before is the priority rule of DESIGN.md §3: time-sensitive follow-ups first, then
// campaign priority, then lead score, then age; the enrollment id breaks ties so the
// order is total and runs are reproducible.
func (it *item) before(o *item) bool {
	switch {
	case it.class != o.class:
		return it.class < o.class
	case it.prio != o.prio:
		return it.prio > o.prio
	case it.score != o.score:
		return it.score > o.score
	case it.since != o.since:
		return it.since < o.since
	}
	return it.id < o.id
}

type readyQueue []item

func (q *readyQueue) push(it item) {
	*q = append(*q, it)
	h := *q
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !it.before(&h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = it
}

func (q *readyQueue) pop() item {
	h := *q
	top := h[0]
	n := len(h) - 1
	last := h[n]
	h = h[:n]
	*q = h
	if n == 0 {
		return top
	}
	// As in timerQueue.pop: no bounds checks in the loop.
	i, hole := uint(0), &h[0]
	for {
		c := 2*i + 1
		if c >= uint(len(h)) {
			break
		}
		child := &h[c]
		if r := c + 1; r < uint(len(h)) && h[r].before(child) {
			c, child = r, &h[r]
		}
		if !child.before(&last) {
			break
		}
		*hole = *child
		i, hole = c, child
	}
	*hole = last
	return top
}

// peek drops stale entries from the top of q and returns the best live one and its
// enrollment, or nil.
func (g *Engine) peek(q *readyQueue) (*item, *Enrollment) {
	for len(*q) > 0 {
		it := &(*q)[0]
		if g.live(it.ref, it.gen) {
			return it, g.byRef(it.ref)
		}
		q.pop()
	}
	return nil, nil
}

// seatHeap orders seats by wake-up, earliest first; a seat with nothing to wake for
// (wake 0) sinks to the bottom. Ties go to the lower index. It holds each seat's
// wake-up and index, and each seat's place in it by index, rather than pointers: with a
// hundred seats, reordering it then touches no seat.
type seatHeap struct {
	h     []wakeUp
	seats []*seat // by index
	slot  []int   // each seat's place in h, by index
}

type wakeUp struct {
	at   int64 // the seat's wake, never for 0
	seat int
}

// len returns how many seats the heap holds.
func (q *seatHeap) len() int { return len(q.h) }

// first returns the seat that wakes first and its wake (0: none).
func (q *seatHeap) first() (*seat, int64) {
	w := q.h[0]
	if w.at == never {
		return q.seats[w.seat], 0
	}
	return q.seats[w.seat], w.at
}

// before reports whether w wakes before o: earlier, or at the same instant with the
// lower index.
func (w *wakeUp) before(o *wakeUp) bool {
	if w.at != o.at {
		return w.at < o.at
	}
	return w.seat < o.seat
}

func (q *seatHeap) push(s *seat) {
	for len(q.seats) <= s.index {
		q.seats = append(q.seats, nil)
		q.slot = append(q.slot, 0)
	}
	q.seats[s.index] = s
	q.slot[s.index] = len(q.h)
	q.h = append(q.h, wakeUp{at: wakeKey(s.wake), seat: s.index})
	q.up(len(q.h) - 1)
}

// wakeKey orders a wake of 0 (nothing to wake for) last.
func wakeKey(w int64) int64 {
	if w == 0 {
		return never
	}
	return w
}

// set changes a seat's wake-up and restores the order.
func (q *seatHeap) set(s *seat, wake int64) {
	if s.wake == wake {
		return
	}
	old := wakeKey(s.wake)
	s.wake = wake
	i := q.slot[s.index]
	key := wakeKey(wake)
	q.h[i].at = key
	// A later wake can only move the seat down, an earlier one only up.
	if key > old {
		q.down(i)
	} else {
		q.up(i)
	}
}

// up and down move the entry at i to its place with a hole, as the other heaps do:
// each level moves one entry and notes its new place, rather than swapping two.
func (q *seatHeap) up(i int) {
	h := q.h
	w := h[i]
	for i > 0 {
		p := (i - 1) / 2
		if !w.before(&h[p]) {
			break
		}
		h[i] = h[p]
		q.slot[h[i].seat] = i
		i = p
	}
	h[i] = w
	q.slot[w.seat] = i
}

func (q *seatHeap) down(i int) {
	h := q.h
	w := h[i]
	for {
		c := 2*i + 1
		if c >= len(h) {
			break
		}
		if r := c + 1; r < len(h) && h[r].before(&h[c]) {
			c = r
		}
		if !h[c].before(&w) {
			break
		}
		h[i] = h[c]
		q.slot[h[i].seat] = i
		i = c
	}
	h[i] = w
	q.slot[w.seat] = i
}
