package personalize

import (
	"hash/fnv"
	"testing"
)

// TestSeedIsFNV1a: Seed, and a lead's seed kept for its steps, are 64-bit FNV-1a of the
// lead key, a 0xff separator and the step id, as the standard library hashes them: the
// seeds, and so every rendered variant and picked delay, stay as they were.
func TestSeedIsFNV1a(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ key, step string }{
		{"linkedin.com/in/zoe", "connect"}, {"", ""}, {"ab", "c"}, {"a", "bc"}, {"sn:ACwAAA1x", "nudge-2"},
	} {
		h := fnv.New64a()
		h.Write([]byte(c.key))
		h.Write([]byte{0xff})
		h.Write([]byte(c.step))
		want := h.Sum64()
		if got := Seed(c.key, c.step); got != want {
			t.Errorf("Seed(%q, %q) = %#x, want FNV-1a %#x", c.key, c.step, got, want)
		}
		lead := SeedOfLead(c.key)
		if got := lead.Step(c.step); got != want {
			t.Errorf("SeedOfLead(%q).Step(%q) = %#x, want FNV-1a %#x", c.key, c.step, got, want)
		}
	}
}
