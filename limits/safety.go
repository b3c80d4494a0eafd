package limits

// DefaultSafety is the share of each nominal cap a new account uses unless told
// otherwise, and the share the simulator's paceline strategy paces at: LinkedIn's real
// limit for a seat is hidden and can be 5% under the published one (docs/simulator.md),
// so pacing at 95% of it is never told off. 1 (the whole allowance) stays allowed.
const DefaultSafety = 0.95
