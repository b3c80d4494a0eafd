package lead

import (
	"hash/maphash"
	"slices"
)

// Index finds the lead a row belongs to by its canonical keys. It holds only a 64-bit
// hash of each key and a small integer per lead, about 40 bytes a key, so a few million
// leads fit in memory. Two distinct keys share a hash with probability about n²/2^65
// (under 3 in a million for ten million keys); such a collision would merge two people,
// which the store's exact key lookup can catch.
//
// Rows that share any key are one lead; a row carrying two keys known under two
// different leads (an /in/ URL and a Sales Navigator URL first seen apart) proves they
// are one person, and the index folds the younger lead into the older. An Index is not
// safe for concurrent use.
type Index struct {
	seed   maphash.Seed
	keys   *keyTable // key hash -> slot
	parent []uint32  // slot -> parent slot; a root is its own parent
	ids    []int64   // slot -> lead id
	roots  int
	next   int64
}

// Match says which lead a row belongs to.
type Match struct {
	ID     int64   // the lead the row belongs to
	New    bool    // none of the row's keys was known: ID is a new lead
	Merged []int64 // leads the row proved to be the same person as ID, now folded into it
	// Grew is set when a known lead took a key it did not hold yet: the lead changed
	// even when none of its fields did.
	Grew bool
}

// NewIndex returns an empty index whose new leads are numbered from 1.
func NewIndex() *Index {
	return &Index{seed: maphash.MakeSeed(), keys: newKeyTable(), next: 1}
}

// Len returns the number of distinct leads in the index.
func (x *Index) Len() int { return x.roots }

// Keys returns the number of keys in the index.
func (x *Index) Keys() int { return x.keys.n }

func (x *Index) hash(k Key) uint64 {
	return maphash.String(x.seed, k.Value) + uint64(k.Type)*0x9E3779B97F4A7C15
}

// Add records a lead that already exists (loaded from the store) under its id and
// keys; new leads matched later are numbered after the highest id added. Add each lead
// once, with all its keys.
func (x *Index) Add(id int64, keys ...Key) Match {
	m, _ := x.resolve(keys, id, false)
	if id >= x.next {
		x.next = id + 1
	}
	return m
}

// Match finds the lead a row with these keys belongs to, creating a new lead when no
// key is known, and records any key the lead did not have yet. Keys with empty values
// are ignored; a row without keys gets ID 0.
func (x *Index) Match(keys []Key) Match {
	m, _ := x.resolve(keys, 0, false)
	return m
}

// matchApart is Match for a row of an import, which must not join a lead through an
// email alone when the email may be another person's (identity.go): when the row's
// email is known under a lead none of its LinkedIn keys is known under, it changes
// nothing and returns false, so that the caller can look closer and call Match with
// the keys it keeps. Any other row is matched in the one pass Match takes.
func (x *Index) matchApart(keys []Key) (Match, bool) {
	return x.resolve(keys, 0, true)
}

// Lookup returns the lead a single key belongs to.
func (x *Index) Lookup(k Key) (int64, bool) {
	_, s, ok := x.keys.find(x.hash(k))
	if !ok {
		return 0, false
	}
	return x.ids[x.find(s)], true
}

// resolve matches keys to a lead, creating lead id (the next one when 0) if no key is
// known. With apart, a row whose email is known under a lead that none of its
// LinkedIn keys is known under changes nothing and resolve returns false.
func (x *Index) resolve(keys []Key, id int64, apart bool) (Match, bool) {
	var hashBuf [6]uint64
	var posBuf [6]int
	var rootBuf [6]uint32
	var typeBuf [6]KeyType
	// free[i] >= 0: where the unknown key i goes; roots[i]: the root slot of the known
	// key i, read before this call joins anything.
	hs, free, roots, types := hashBuf[:0], posBuf[:0], rootBuf[:0], typeBuf[:0]
	known := false
	size := len(x.keys.slots) // the layout the positions below are found in
	for _, k := range keys {
		if k.Value == "" {
			continue
		}
		h := x.hash(k)
		if slices.Contains(hs, h) {
			continue // the same key twice
		}
		pos, s, ok := x.keys.find(h)
		r := uint32(0)
		if ok {
			pos, r, known = -1, x.find(s), true
		}
		hs, free, roots, types = append(hs, h), append(free, pos), append(roots, r), append(types, k.Type)
	}
	if len(hs) == 0 {
		return Match{}, true
	}
	if apart && known && emailElsewhere(free, roots, types) {
		return Match{}, false
	}
	root, found := uint32(0), false
	var merged []int64
	for i := range hs {
		if free[i] >= 0 {
			continue
		}
		r := x.find(roots[i]) // an earlier key of the row may have joined it
		switch {
		case !found:
			root, found = r, true
		case r != root:
			// Two leads are one person: keep the older (lower id) as the root.
			if x.ids[r] < x.ids[root] {
				r, root = root, r
			}
			x.parent[r] = root
			x.roots--
			if !slices.Contains(merged, x.ids[r]) {
				merged = append(merged, x.ids[r])
			}
		}
	}
	isNew := !found
	if isNew {
		if id == 0 {
			id = x.next
			x.next++
		}
		root = uint32(len(x.ids))
		x.ids = append(x.ids, id)
		x.parent = append(x.parent, root)
		x.roots++
	}
	grew := false
	for i, h := range hs {
		if free[i] >= 0 {
			// A position found before an earlier insert may be taken, or belong to the
			// layout before the table grew: insertAt probes again in both cases.
			x.keys.insertAt(free[i], size, h, root)
			grew = !isNew
		}
	}
	return Match{ID: x.ids[root], New: isNew, Merged: merged, Grew: grew}, true
}

// emailElsewhere reports whether a row's email is known under a lead that none of the
// row's LinkedIn keys is known under, when the row has such a key, or under another
// lead than another email of the row: the row would join leads through an address
// alone. free and roots are resolve's.
func emailElsewhere(free []int, roots []uint32, types []KeyType) bool {
	identity := false
	for _, t := range types {
		if t == KeyProfile || t == KeySales {
			identity = true
		}
	}
	for e, t := range types {
		if t != KeyEmail || free[e] >= 0 {
			continue
		}
		joined := false
		for i, u := range types {
			switch {
			case i == e || free[i] >= 0:
			case u == KeyEmail && roots[i] != roots[e]:
				return true
			case u != KeyEmail && roots[i] == roots[e]:
				joined = true
			}
		}
		if identity && !joined {
			return true
		}
	}
	return false
}

// find returns the root slot of s, halving the path on the way.
func (x *Index) find(s uint32) uint32 {
	for x.parent[s] != s {
		x.parent[s] = x.parent[x.parent[s]]
		s = x.parent[s]
	}
	return s
}
