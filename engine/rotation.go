package engine

// rotation finds a campaign's next sender without looking at every account: a heap of
// the campaign's seats ordered by leads per unit of weight, then by their place in the
// campaign. Each entry holds the seat's count as it was when last ordered; counts only
// grow (an enrollment from any campaign, a restore), so an entry whose seat has moved
// on sits too high, is put right when it reaches the top, and the top that is current
// is the seat the full scan would pick. With a hundred accounts and tens of thousands
// of leads, the scan would read every seat for every enrollment.
type rotation struct {
	seats []*seat
	h     []turn
}

// turn is one seat of the heap: its place in the campaign and its count when ordered.
type turn struct {
	pos      int
	assigned int
}

func newRotation(seats []*seat) rotation {
	r := rotation{seats: seats, h: make([]turn, len(seats))}
	for i, s := range seats {
		r.h[i] = turn{pos: i, assigned: s.assigned}
	}
	for i := len(r.h)/2 - 1; i >= 0; i-- {
		r.down(i)
	}
	return r
}

// less orders by (assigned+1)/weight, the first seat on ties, as campaign.pick did.
func (r *rotation) less(a, b turn) bool {
	wa, wb := r.seats[a.pos].weight(), r.seats[b.pos].weight()
	if x, y := (a.assigned+1)*wb, (b.assigned+1)*wa; x != y {
		return x < y
	}
	return a.pos < b.pos
}

// next returns the seat with the fewest leads per unit of weight.
func (r *rotation) next() *seat {
	for {
		top := &r.h[0]
		s := r.seats[top.pos]
		if top.assigned == s.assigned {
			return s
		}
		top.assigned = s.assigned
		r.down(0)
	}
}

func (r *rotation) down(i int) {
	h := r.h
	n := len(h)
	for {
		c := 2*i + 1
		if c >= n {
			return
		}
		if d := c + 1; d < n && r.less(h[d], h[c]) {
			c = d
		}
		if !r.less(h[c], h[i]) {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}
