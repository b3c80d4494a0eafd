// Package linkedinexport reads the archive LinkedIn gives a member under "Settings >
// Data privacy > Get a copy of your data" and reconciles it with what paceline knows:
// invites the member sent by hand, connections that accepted an invite, connections
// from before paceline (EventConnected), and replies to our messages. paceline never touches linkedin.com; in assisted mode this archive is
// how it learns what happened.
//
// The work has three parts, each usable on its own:
//
//   - Open reads a .zip archive (bounded against zip bombs, huge members and path
//     tricks), a folder, or single CSV files, and finds Connections.csv,
//     Invitations.csv and messages.csv in it;
//   - ReadConnections, ReadInvitations and ReadMessages parse one file each, mapping
//     headers by name and reporting rows they cannot read with their line;
//   - Reconcile matches the rows to known leads by canonical profile key (package
//     lead) and returns the invites to record in the ledger, the accepted, connected
//     and replied events, and a report of every row it could not use and why.
//
// Every event and action carries a dedupe key derived from the archive's content, so
// importing the same archive twice records nothing new. docs/linkedin-archive.md is the
// user-facing description.
package linkedinexport
