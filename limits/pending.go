package limits

import "hash/maphash"

// leadTimes maps lead keys to instants (unix nanoseconds): the pending invites of a
// State, one per invited lead, set when the invite goes out and removed when it is
// answered or withdrawn. Every executed invite and every answer touches it, so it is an
// open-addressing table with linear probing rather than a Go map: an insert or a
// removal hashes the key once and moves a few 40-byte slots, about 140 instructions,
// where the map took about 160 to insert and a lookup and a delete, 430, to remove
// (callgrind of a simulated run).
// Removal shifts the entries after the hole back (no tombstones), so a table that sees
// millions of invites over a long run never fills up with dead slots. Nothing iterates
// over it, so the order the random hash seed gives never shows.
type leadTimes struct {
	slots []leadSlot // a power of two long, at most 3/4 full; nil until the first set
	n     int
	seed  maphash.Seed
}

// leadSlot is one entry; hash is never 0 in a used slot (set marks it), so 0 is empty.
type leadSlot struct {
	hash uint64
	lead string
	at   int64
}

// len returns the number of leads held.
func (t *leadTimes) len() int { return t.n }

// find returns the slot of lead and true, or the empty slot where it would go and false.
func (t *leadTimes) find(lead string, h uint64) (int, bool) {
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.hash == 0 {
			return int(i), false
		}
		if s.hash == h && s.lead == lead {
			return int(i), true
		}
	}
}

func (t *leadTimes) hash(lead string) uint64 { return maphash.String(t.seed, lead) | 1 }

// get returns the instant held for lead.
func (t *leadTimes) get(lead string) (int64, bool) {
	if t.n == 0 {
		return 0, false
	}
	i, ok := t.find(lead, t.hash(lead))
	if !ok {
		return 0, false
	}
	return t.slots[i].at, true
}

// reserve makes room for n leads up front, saving the table's growth lead by lead.
func (t *leadTimes) reserve(n int) {
	size := 16
	for 3*size < 4*n {
		size *= 2
	}
	if size > len(t.slots) && t.n == 0 {
		t.seed, t.slots = maphash.MakeSeed(), make([]leadSlot, size)
	}
}

// set holds at for lead, replacing what it held.
func (t *leadTimes) set(lead string, at int64) {
	if t.slots == nil {
		t.reserve(0)
	}
	h := t.hash(lead)
	i, ok := t.find(lead, h)
	if ok {
		t.slots[i].at = at
		return
	}
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
		i, _ = t.find(lead, h)
	}
	t.slots[i] = leadSlot{hash: h, lead: lead, at: at}
	t.n++
}

// grow doubles the table, placing every entry again.
func (t *leadTimes) grow() {
	old := t.slots
	t.slots = make([]leadSlot, 2*len(old))
	for _, s := range old {
		if s.hash != 0 {
			i, _ := t.find(s.lead, s.hash)
			t.slots[i] = s
		}
	}
}

// remove drops lead and reports whether it was held. The entries after the hole in
// its run move back into it when the hole lies between their home slot and where
// they are, so every entry stays reachable from its home without tombstones.
func (t *leadTimes) remove(lead string) bool {
	if t.n == 0 {
		return false
	}
	hole, ok := t.find(lead, t.hash(lead))
	if !ok {
		return false
	}
	mask := len(t.slots) - 1
	for j := (hole + 1) & mask; t.slots[j].hash != 0; j = (j + 1) & mask {
		// The entry at j may fill the hole unless its home lies cyclically in (hole, j].
		if home := int(t.slots[j].hash) & mask; (j-home)&mask >= (j-hole)&mask {
			t.slots[hole] = t.slots[j]
			hole = j
		}
	}
	t.slots[hole] = leadSlot{}
	t.n--
	return true
}

// clone returns a copy that changes independently.
func (t *leadTimes) clone() leadTimes {
	c := *t
	c.slots = append([]leadSlot(nil), t.slots...)
	return c
}

// empty drops every lead but keeps the table's room and seed, for a State that starts
// again (State.Reset). The slots are cleared, so the table keeps no key alive.
func (t *leadTimes) empty() {
	clear(t.slots)
	t.n = 0
}
