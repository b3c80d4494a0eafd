// Package paceline holds the domain of the paceline outreach sequencer: accounts and
// their types, action kinds, the action ledger, events, working schedules and the
// error type every layer speaks. It imports only the standard library; the Pacer
// (package limits), the sequence language, the stores and the executors are built
// around it and meet through the types and interfaces declared here.
package paceline
