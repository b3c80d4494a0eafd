package personalize

// Seed derives the spintax seed of one lead at one step with 64-bit FNV-1a, so that a
// retry, a preview and the real send all render the same variant. The hash is fixed
// by its specification, so seeds stay stable across releases and machines.
func Seed(leadKey, stepID string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(leadKey); i++ {
		h = (h ^ uint64(leadKey[i])) * prime
	}
	// A separator byte keeps ("ab", "c") and ("a", "bc") apart.
	h = (h ^ 0xff) * prime
	for i := 0; i < len(stepID); i++ {
		h = (h ^ uint64(stepID[i])) * prime
	}
	return h
}

// mix derives the choice of spin group id from the seed (the splitmix64 finaliser), so
// that each group's choice is independent of the others and of which branches render.
func mix(seed, id uint64) uint64 {
	z := seed + (id+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
