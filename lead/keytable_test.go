package lead

import (
	"math/rand"
	"strconv"
	"testing"
)

// TestKeyTableMatchesMap drives the table and a Go map with the same random
// operations, through several growths, including the hash 0 that marks empty slots.
func TestKeyTableMatchesMap(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(3))
	tab := newKeyTable()
	ref := map[uint64]uint32{}
	hashes := []uint64{0, 1}
	for i := 0; i < 50_000; i++ {
		hashes = append(hashes, rng.Uint64()>>uint(rng.Intn(50))) // many small values collide on low bits
	}
	for i, h := range hashes {
		pos, v, ok := tab.find(h)
		want, wok := ref[fix(h)]
		if ok != wok || ok && v != want {
			t.Fatalf("find(%#x) = %d, %v; want %d, %v", h, v, ok, want, wok)
		}
		if !ok {
			tab.insertAt(pos, len(tab.slots), h, uint32(i))
			ref[fix(h)] = uint32(i)
		}
	}
	if tab.n != len(ref) {
		t.Fatalf("table holds %d keys, want %d", tab.n, len(ref))
	}
	for h, want := range ref {
		if _, v, ok := tab.find(h); !ok || v != want {
			t.Fatalf("after growth find(%#x) = %d, %v; want %d", h, v, ok, want)
		}
	}
}

// TestIndexKeepsEveryKeyOfARowThatGrowsTheTable matches rows of three new keys each
// until the key table has grown several times: every key stays findable. A row's
// positions are all found before its first key goes in; when that insert grows the
// table, the other positions belong to the old layout and must be probed again, or
// the keys land off their probe path and are lost, so a later row with such a key
// makes a second lead for the same person.
func TestIndexKeepsEveryKeyOfARowThatGrowsTheTable(t *testing.T) {
	t.Parallel()
	x := NewIndex()
	var all []Key
	for i := range 4000 {
		keys := []Key{
			{Type: KeyProfile, Value: "p-" + strconv.Itoa(i)},
			{Type: KeySales, Value: "ACwAA" + strconv.Itoa(i)},
			{Type: KeyEmail, Value: "e" + strconv.Itoa(i) + "@example.com"},
		}
		if m := x.Match(keys); !m.New {
			t.Fatalf("row %d matched lead %d, but its keys are new", i, m.ID)
		}
		all = append(all, keys...)
	}
	for _, k := range all {
		if _, ok := x.Lookup(k); !ok {
			t.Fatalf("key %v was lost from the index", k)
		}
	}
}
