package engine

// The engine's queues are binary heaps written out for their element types: a
// simulation pushes and pops one entry per step of every lead, so they avoid the
// interface and closure calls of container/heap.

// timer is an enrollment waiting for an instant: the end of a delay or a timeout. It
// names the enrollment by ID (Engine.all[id-1]; a detached withdrawal never waits for
// a timer) and holds no pointer, so moving timers about the heap costs the garbage
// collector nothing.
type timer struct {
	at  int64 // unix nanoseconds
	id  int64
	gen uint32
}

type timerQueue []timer

func (t *timer) before(o *timer) bool {
	if t.at != o.at {
		return t.at < o.at
	}
	return t.id < o.id
}

func (q *timerQueue) push(t timer) {
	*q = append(*q, t)
	h := *q
	i := len(h) - 1
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

func (q *timerQueue) pop() timer {
	h := *q
	top := h[0]
	n := len(h) - 1
	last := h[n]
	h = h[:n]
	*q = h
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && h[r].before(&h[c]) {
			c = r
		}
		if !h[c].before(&last) {
			break
		}
		h[i] = h[c]
		i = c
	}
	if n > 0 {
		h[i] = last
	}
	return top
}

// item is a due step waiting for its account's Pacer, with its priority key.
type item struct {
	e     *Enrollment
	gen   uint32
	class uint8 // 0: a follow-up (the lead was already touched), 1: a first touch
	prio  int32 // campaign priority, higher first
	score int32 // lead score, higher first
	since int64 // when it became due, older first
	id    int64
}

func (it *item) stale() bool { return it.e.gen != it.gen }

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
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !h[i].before(&h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func (q *readyQueue) pop() item {
	h := *q
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h[n] = item{}
	h = h[:n]
	for i := 0; ; {
		l := 2*i + 1
		if l >= n {
			break
		}
		c := l
		if r := l + 1; r < n && h[r].before(&h[l]) {
			c = r
		}
		if !h[c].before(&h[i]) {
			break
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
	*q = h
	return top
}

// peek drops stale entries from the top and returns the best live one, or nil.
func (q *readyQueue) peek() *item {
	for len(*q) > 0 {
		if !(*q)[0].stale() {
			return &(*q)[0]
		}
		q.pop()
	}
	return nil
}

// seatHeap orders seats by wake-up, earliest first; a seat with nothing to wake for
// (wake 0) sinks to the bottom. Ties go to the lower index.
type seatHeap []*seat

func (h seatHeap) less(i, j int) bool {
	a, b := h[i].wake, h[j].wake
	if a == 0 {
		a = never
	}
	if b == 0 {
		b = never
	}
	if a != b {
		return a < b
	}
	return h[i].index < h[j].index
}

func (h seatHeap) swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].slot, h[j].slot = i, j
}

func (h *seatHeap) push(s *seat) {
	s.slot = len(*h)
	*h = append(*h, s)
	h.up(s.slot)
}

// set changes a seat's wake-up and restores the order.
func (h seatHeap) set(s *seat, wake int64) {
	if s.wake == wake {
		return
	}
	s.wake = wake
	h.up(s.slot)
	h.down(s.slot)
}

func (h seatHeap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(i, p) {
			return
		}
		h.swap(i, p)
		i = p
	}
}

func (h seatHeap) down(i int) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		c := l
		if r := l + 1; r < n && h.less(r, l) {
			c = r
		}
		if !h.less(c, i) {
			return
		}
		h.swap(i, c)
		i = c
	}
}
