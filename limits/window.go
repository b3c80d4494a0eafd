package limits

import "time"

// History is the least of the ledger a Pacer is replayed from: the longest window any
// limit looks back over (InMail credits that roll over, the acceptance rate over the
// last invites, invites still pending).
const History = 100 * 24 * time.Hour

// ReplayWindow says which part of an account's ledger to replay into a Pacer at now.
// origin is where the account's history starts, for New and Replay: its creation, or
// History ago when the creation is unknown (zero) or lies after now. since is the
// first instant to read actions and events from: the earlier of origin and History
// ago, so that InMail spends and connections since the account was opened all count,
// and at least History is read even for an account created recently by the clock of
// another process.
//
// Every replay of one account uses it (the tick, the assisted account's task desk,
// usage snapshots, the demo), so they all build the same Pacer from the same ledger.
func ReplayWindow(created, now time.Time) (origin, since time.Time) {
	since = now.Add(-History)
	origin = created
	if origin.IsZero() || origin.After(now) {
		origin = since
	}
	if origin.Before(since) {
		since = origin
	}
	return origin, since
}
