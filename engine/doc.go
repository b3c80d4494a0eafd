// Package engine moves enrolled leads through their sequences: it gathers the steps
// that are due on each sending account, asks the account's Pacer which may happen now,
// picks one by the priority rule of DESIGN.md §3, hands it to an Executor, records it in
// the ledger and in the Pacer, and advances the enrollment on the outcome and on the
// events that follow (accepts, replies, opt-outs, limit notices).
//
// It is pure of I/O and of the clock: storage, executors and pacing come in through the
// small interfaces in this package, and the caller passes the current instant to Step.
// NextWake says when anything can happen next, so a server sleeps until then and a
// simulation jumps its virtual clock there; nothing polls.
//
// The engine is deterministic: the same calls in the same order give the same actions,
// because every choice is ordered by a total key and every random pick (a delay range)
// comes from a hash of the engine's seed, the lead and the step.
//
// An Engine is not safe for concurrent use; one goroutine drives it.
package engine
