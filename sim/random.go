package sim

import "math"

// mix is splitmix64's finaliser: a well-spread 64-bit hash of x.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// uniform returns a number in [0, 1) fixed by the seed, a lead's hash and a salt that
// names the question ("does this invite get accepted"), so that every draw is
// reproducible and independent of the order in which the run asks.
func uniform(seed, lead, salt uint64) float64 {
	return float64(mix(seed^mix(lead^mix(salt)))>>11) / (1 << 53)
}

// normal returns a standard normal number fixed like uniform (Box–Muller).
func normal(seed, lead, salt uint64) float64 {
	u1 := uniform(seed, lead, salt)
	u2 := uniform(seed, lead, salt^0x5bd1e995)
	if u1 < 1e-300 {
		u1 = 1e-300
	}
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}

// hashKey hashes a lead key with 64-bit FNV-1a (as hash/fnv's New64a would, without
// allocating a hasher and a copy of the key for every lead).
func hashKey(s string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * prime
	}
	return h
}

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func logit(p float64) float64 { return math.Log(p / (1 - p)) }
