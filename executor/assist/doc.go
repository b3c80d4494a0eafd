// Package assist hands LinkedIn actions to a person or an external agent instead of
// carrying them out: paceline never automates linkedin.com itself.
//
// The life of a task:
//
//  1. The engine calls Execute (or ExecuteText) at the slot the Pacer chose. The Desk
//     stores a task, once per action key, offered at once, with the profile link, the
//     rendered words and what to do in a sentence, and answers done: the slot is
//     reserved in the ledger, so the allowance it uses is counted from that moment and
//     a person who works through the list can never outrun the limits.
//  2. A person marks it (Finish, from `paceline tasks done` or the dashboard), or an agent
//     leases it (Lease) and reports. Sent keeps the reservation. Skipped or failed
//     releases it (the ledger action's result becomes failed, so it no longer counts).
//     Refused (this one action did not go), a limit notice or a restriction releases
//     it too and plans the task again; a limit notice also records a limit_notice
//     event (the Pacer backs the kind off) and a restriction a restricted event (the
//     Pacer stops the account until the restriction ends, then resumes it by itself).
//  3. Sweep, run before every listing and every lease, expires
//     what nobody did by the end of its working day in the account's zone: the slot is
//     released and the task is planned again, to be offered at the next slot the
//     Pacer gives; while it waits, each planned task shows its own slot of the
//     Pacer's plan, worked out again at every sweep. After MaxOffers working days it is given up as expired, and shows
//     in the expired list, never silently lost. Sweep also ends agents' leases that
//     ran out, so the task is offered again.
//
// The engine learns nothing more from the task: what the lead does afterwards (accepts,
// replies) comes as events, from an agent's report or from the archive import.
package assist
