package sqlite

import (
	"bytes"
	"hash/maphash"
	"math"
	"slices"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// keyKinds are the kinds of lead_keys in SQLite's order (BINARY, by bytes); a kind's
// rank is its place here.
var keyKinds, kindRank = func() ([]string, [256]uint8) {
	types := []lead.KeyType{lead.KeyProfile, lead.KeySales, lead.KeyEmail}
	var kinds []string
	for _, t := range types {
		kinds = append(kinds, leadrow.KeyKind(t))
	}
	slices.Sort(kinds)
	var rank [256]uint8
	for _, t := range types {
		rank[t] = uint8(slices.Index(kinds, leadrow.KeyKind(t)))
	}
	return kinds, rank
}()

// bulkKeys holds the keys of a bulk import, each once, with the lead holding it: the
// exact lookup that lead_keys' primary key gives an import through SQLite, in about
// 50 bytes a key (a million leads' 1.3 million keys in 65 MB) where a Go map of
// strings would take twice that. A key is stored as its kind's rank and its value,
// so that comparing two as bytes orders them as lead_keys does, by kind and value.
//
// The keys are sorted in runs as they come, each of runSize keys, while the import
// reads rows: the sort for lead_keys at the end is then a merge of the runs.
type bulkKeys struct {
	chunks [][]byte // the keys, one after another; none straddles two chunks
	at     []uint32 // where key i is: its chunk << keyChunkBits | its offset there
	size   []uint32
	lead   []uint32 // the lead holding key i (a new database's ids are small)
	slots  []uint32 // open addressing: 0 is empty, else a key's index + 1
	seed   maphash.Seed
	buf    []byte

	runs  [][]int32 // sorted runs of key indexes, in the order they were added
	runAt int       // the keys from here on are in no run yet
}

const (
	keyChunkBits = 20
	keyChunk     = 1 << keyChunkBits
	runSize      = 1 << 16
)

func newBulkKeys() *bulkKeys {
	return &bulkKeys{seed: maphash.MakeSeed(), slots: make([]uint32, 1<<16)}
}

// entry returns key i as stored: its kind's rank, then its value.
func (t *bulkKeys) entry(i int) []byte {
	a := t.at[i]
	c, off := a>>keyChunkBits, a&(keyChunk-1)
	return t.chunks[c][off : off+t.size[i]]
}

// kind returns key i's kind and value.
func (t *bulkKeys) key(i int) (kind string, value []byte) {
	e := t.entry(i)
	return keyKinds[e[0]], e[1:]
}

func (t *bulkKeys) encode(k lead.Key) []byte {
	t.buf = append(append(t.buf[:0], kindRank[k.Type]), k.Value...)
	return t.buf
}

// find returns the lead holding the key, if any.
func (t *bulkKeys) find(k lead.Key) (int64, bool) {
	i := t.slot(t.encode(k))
	if t.slots[i] == 0 {
		return 0, false
	}
	return int64(t.lead[t.slots[i]-1]), true
}

// slot returns the slot of e: the one holding it or the empty one it would take.
func (t *bulkKeys) slot(e []byte) int {
	mask := len(t.slots) - 1
	i := int(maphash.Bytes(t.seed, e)) & mask
	for {
		s := t.slots[i]
		if s == 0 || bytes.Equal(t.entry(int(s-1)), e) {
			return i
		}
		i = (i + 1) & mask
	}
}

// canHold reports whether the table can take these keys of the lead: its id and the
// keys' size within what the table indexes (4 billion of each).
func (t *bulkKeys) canHold(lead int64, keys []lead.Key) bool {
	size := 0
	for _, k := range keys {
		size += 1 + len(k.Value)
	}
	return lead > 0 && lead <= math.MaxUint32 && len(t.lead)+len(keys) < math.MaxUint32-1 &&
		len(t.chunks)+1+size/keyChunk < 1<<(32-keyChunkBits)
}

// add records that lead holds the key, unless a lead holds it already (as the import
// through SQLite skips a key it buffered before). canHold says whether it can.
func (t *bulkKeys) add(k lead.Key, lead int64) {
	e := t.encode(k)
	i := t.slot(e)
	if t.slots[i] != 0 {
		return
	}
	last := len(t.chunks) - 1
	if last < 0 || len(t.chunks[last])+len(e) > cap(t.chunks[last]) {
		// A key longer than a chunk has a chunk of its own.
		t.chunks = append(t.chunks, make([]byte, 0, max(keyChunk, len(e))))
		last++
	}
	t.at = append(t.at, uint32(last)<<keyChunkBits|uint32(len(t.chunks[last])))
	t.size = append(t.size, uint32(len(e)))
	t.chunks[last] = append(t.chunks[last], e...)
	t.lead = append(t.lead, uint32(lead))
	t.slots[i] = uint32(len(t.lead))
	// Up to 5 keys in 8 slots: 2 million slots, 8 MB, for a million leads' keys.
	if 8*len(t.lead) > 5*len(t.slots) {
		t.grow()
	}
	if len(t.lead)-t.runAt >= runSize {
		t.sortRun()
	}
}

func (t *bulkKeys) grow() {
	t.slots = make([]uint32, 2*len(t.slots))
	mask := len(t.slots) - 1
	for k := range t.lead {
		i := int(maphash.Bytes(t.seed, t.entry(k))) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = uint32(k + 1)
	}
}

// sortRun sorts the keys added since the last run into a run of their own.
func (t *bulkKeys) sortRun() {
	if t.runAt == len(t.lead) {
		return
	}
	run := make([]int32, 0, len(t.lead)-t.runAt)
	for i := t.runAt; i < len(t.lead); i++ {
		run = append(run, int32(i))
	}
	slices.SortFunc(run, func(a, b int32) int { return bytes.Compare(t.entry(int(a)), t.entry(int(b))) })
	t.runs = append(t.runs, run)
	t.runAt = len(t.lead)
}

// byKey returns the keys' indexes in lead_keys' order, by kind and value: the runs
// merged.
func (t *bulkKeys) byKey() []int32 {
	t.sortRun()
	runs := t.runs
	t.runs = nil
	for len(runs) > 1 {
		// Merge the runs two by two: log2(runs) passes over the keys.
		var next [][]int32
		for i := 0; i < len(runs); i += 2 {
			if i+1 == len(runs) {
				next = append(next, runs[i])
				continue
			}
			next = append(next, t.merge(runs[i], runs[i+1]))
		}
		runs = next
	}
	if len(runs) == 0 {
		return nil
	}
	return runs[0]
}

func (t *bulkKeys) merge(a, b []int32) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if bytes.Compare(t.entry(int(b[0])), t.entry(int(a[0]))) < 0 {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

// byLead returns the keys' indexes in lead_keys_lead's order: by lead, then kind and
// value. Keys come mostly in that order already (a lead's keys together, the leads in
// id order), which the sort finds.
func (t *bulkKeys) byLead() []int32 {
	order := make([]int32, len(t.lead))
	for i := range order {
		order[i] = int32(i)
	}
	cmpLead := func(a, b int32) int {
		switch la, lb := t.lead[a], t.lead[b]; {
		case la < lb:
			return -1
		case la > lb:
			return 1
		}
		return bytes.Compare(t.entry(int(a)), t.entry(int(b)))
	}
	if !slices.IsSortedFunc(order, cmpLead) {
		slices.SortFunc(order, cmpLead)
	}
	return order
}
