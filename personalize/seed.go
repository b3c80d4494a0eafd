package personalize

// Seed derives the spintax seed of one lead at one step with 64-bit FNV-1a, so that a
// retry, a preview and the real send all render the same variant. The hash is fixed
// by its specification, so seeds stay stable across releases and machines.
func Seed(leadKey, stepID string) uint64 {
	return SeedOfLead(leadKey).Step(stepID)
}

// LeadSeed is the share of Seed that depends on the lead alone: the FNV-1a state after
// its key. FNV hashes byte by byte, so a caller that seeds many steps of one lead (the
// engine: every delay and text) hashes the key, the longer part, once.
type LeadSeed uint64

// SeedOfLead hashes a lead's key for Seed.
func SeedOfLead(leadKey string) LeadSeed {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(leadKey); i++ {
		h = (h ^ uint64(leadKey[i])) * prime
	}
	// A separator byte keeps ("ab", "c") and ("a", "bc") apart.
	return LeadSeed((h ^ 0xff) * prime)
}

// Step returns Seed(leadKey, stepID) for the lead l was made from.
func (l LeadSeed) Step(stepID string) uint64 {
	const prime = 1099511628211
	h := uint64(l)
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
