// Package limits knows what each kind of LinkedIn account may do and decides when it
// may do it: the presets of DESIGN.md §1 and the Pacer of §3.
//
// It is pure: the current time and the seed for jitter are passed in, and usage comes
// from the action ledger (replayed into a State), never from a clock or a global. The
// same Pacer therefore runs in real time in the server and in virtual time in the
// simulator, and gives the same answer in every process that reads the same ledger.
package limits
