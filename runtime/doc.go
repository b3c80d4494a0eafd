// Package runtime runs paceline's campaigns in real (or sped-up) time, durably: every
// account is ticked by a River job (one per account, so one tick per account at a time
// across every process), and a tick rebuilds the engine for its account from the
// database, applies the events it has not seen, does what is due, and saves the
// enrollments before it sleeps until the engine's next wake-up.
//
// Exactly-once at the executor boundary rests on three things: an action is written
// to the ledger as planned (with its idempotency key) before its executor is called and
// completed after (the outbox); a planned action found at the start of a tick is
// reconciled with the executor by key, never sent again blindly; and an action whose
// key is already done in the ledger is answered from the ledger, so a tick that
// crashed after the executor but before its enrollments were saved replays without
// sending. Events are recorded once per key and applied once, in id order, behind a
// per-account cursor saved with the enrollments.
//
// Two things wait for a person: a step whose text cannot go out as it is (a blank
// field), which HeldSteps lists and resumes, and, for steps with ai:, the model's text
// in review mode, which AIText (the executor that has the texts written) keeps out of
// its slot until Approve or Reject.
//
// VariantReport rebuilds each A/B step's bandit from every enrollment's snapshot of a
// campaign, running or ended, for the CLI, the API and the dashboard.
package runtime
