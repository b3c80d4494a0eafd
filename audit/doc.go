// Package audit re-checks the pacing contract (DESIGN.md §3 points 1-4) from a ledger of
// actions, independently of the Pacer: it does not import package limits and it does
// not use paceline.Schedule, so a bug in the shared pacing or schedule code cannot hide
// from it. Property tests of the Pacer use Check as their oracle, which is why it is
// exact (rolling windows are (t-span, t], checked at every action) and linear after one
// sort.
//
// A ledger on disk is a directory with two CSV files, accounts.csv and actions.csv; see
// ReadDir for their columns. paceline simulate --ledger writes one, paceline audit
// --ledger reads it.
package audit
