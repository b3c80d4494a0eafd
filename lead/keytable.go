package lead

// keyTable is an open-addressing hash table from a 64-bit key hash to a lead slot,
// laid out as one flat array so that a lookup usually costs one cache miss and an
// insert after a failed lookup costs none: on a million-lead import the index is
// memory-bound and Go's general map costs about twice as many misses.
type keyTable struct {
	slots []tableSlot // length a power of two; hash 0 marks an empty slot
	n     int
}

type tableSlot struct {
	hash uint64
	val  uint32
}

// maxLoad is the fill (in 1/8ths) at which the table doubles: linear probing stays
// short below 3/4.
const maxLoad = 6

func newKeyTable() *keyTable { return &keyTable{slots: make([]tableSlot, 1024)} }

// fix keeps 0 free as the empty marker.
func fix(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

// find returns the value stored under h, or the position where h would go.
func (t *keyTable) find(h uint64) (pos int, val uint32, ok bool) {
	h = fix(h)
	mask := len(t.slots) - 1
	for i := int(h>>7) & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		switch s.hash {
		case h:
			return i, s.val, true
		case 0:
			return i, 0, false
		}
	}
}

// insertAt stores h at pos, a position find returned for it while the table had size
// slots. When the table has grown since (by this insert or an earlier one), pos
// belongs to the old layout and h is probed again; so is it when pos was taken
// meanwhile, or is negative.
func (t *keyTable) insertAt(pos, size int, h uint64, v uint32) {
	h = fix(h)
	if (t.n+1)*8 > len(t.slots)*maxLoad {
		t.grow()
	}
	if pos < 0 || size != len(t.slots) || t.slots[pos].hash != 0 {
		pos, _, _ = t.find(h)
	}
	t.slots[pos] = tableSlot{hash: h, val: v}
	t.n++
}

func (t *keyTable) grow() {
	old := t.slots
	t.slots = make([]tableSlot, len(old)*2)
	mask := len(t.slots) - 1
	for _, s := range old {
		if s.hash == 0 {
			continue
		}
		i := int(s.hash>>7) & mask
		for t.slots[i].hash != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}
