// Package agent is the HTTP protocol through which an external program (a browser
// extension, a script, a vendor's API) carries out paceline's LinkedIn actions: it
// leases the next due action of an account and reports its outcome, with what it saw
// on the way. paceline itself never automates linkedin.com.
//
// The actions are the tasks of package assist: they are offered when the Pacer's slot
// comes, a lease holds one for a few minutes (two agents never hold the same one), a
// lease that runs out offers it again, and a repeated report is harmless. The protocol
// is documented with examples in docs/agent-protocol.md; Client is a Go client of it.
package agent
