package lead

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// refIndex is the Index written plainly: a map from each key to its lead and a map of
// folded leads to the lead they went into. Index must answer as it does.
type refIndex struct {
	owner map[Key]int64
	into  map[int64]int64
	next  int64
}

func (r *refIndex) root(id int64) int64 {
	for {
		to, ok := r.into[id]
		if !ok {
			return id
		}
		id = to
	}
}

func (r *refIndex) match(keys []Key) Match {
	var root int64
	var merged []int64
	var seen []Key
	for _, k := range keys {
		if k.Value == "" || slices.Contains(seen, k) {
			continue
		}
		seen = append(seen, k)
		id, ok := r.owner[k]
		if !ok {
			continue
		}
		id = r.root(id)
		switch {
		case root == 0:
			root = id
		case id != root:
			older, younger := min(id, root), max(id, root)
			r.into[younger] = older
			root = older
			if !slices.Contains(merged, younger) {
				merged = append(merged, younger)
			}
		}
	}
	if len(seen) == 0 {
		return Match{}
	}
	m := Match{ID: root, Merged: merged}
	if root == 0 {
		m.ID, m.New = r.next, true
		r.next++
	}
	for _, k := range seen {
		if _, ok := r.owner[k]; !ok {
			r.owner[k] = m.ID
		}
	}
	return m
}

// TestIndexMatchesReference feeds the Index and refIndex the same random rows (one to
// four keys of three kinds from a few thousand, so that rows repeat, bridge and fold
// leads, and the key table grows many times) and compares every answer, then every
// key's lead.
func TestIndexMatchesReference(t *testing.T) {
	t.Parallel()
	for seed := range uint64(4) {
		rng := rand.New(rand.NewPCG(seed, 99))
		x := NewIndex()
		ref := &refIndex{owner: map[Key]int64{}, into: map[int64]int64{}, next: 1}
		types := []KeyType{KeyProfile, KeySales, KeyEmail}
		for row := range 30_000 {
			keys := make([]Key, 1+rng.IntN(4))
			for i := range keys {
				keys[i] = Key{Type: types[rng.IntN(3)], Value: "v" + strconv.Itoa(rng.IntN(20_000))}
			}
			got, want := x.Match(keys), ref.match(keys)
			if got.ID != want.ID || got.New != want.New || !slices.Equal(got.Merged, want.Merged) {
				t.Fatalf("seed %d row %d %v: Match = %+v, want %+v", seed, row, keys, got, want)
			}
		}
		for k, id := range ref.owner {
			if got, ok := x.Lookup(k); !ok || got != ref.root(id) {
				t.Fatalf("seed %d: Lookup(%v) = %d, %v; want %d", seed, k, got, ok, ref.root(id))
			}
		}
	}
}
