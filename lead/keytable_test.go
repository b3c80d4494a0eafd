package lead

import (
	"math/rand"
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
			tab.insertAt(pos, h, uint32(i))
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
