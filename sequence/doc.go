// Package sequence is paceline's sequence language: a small YAML graph of steps that
// the engine walks for every enrolled lead. It is pure: no I/O, no clock, no global
// randomness; times and random values are passed in.
//
// A sequence:
//
//	name: founders-q1
//	min_after_accept: 1h          # optional; never under 1h
//	stop_on: [replied, opted_out, bounced]
//	steps:
//	  - id: connect
//	    invite:
//	      note: "Hi {{first_name}}, {saw|read} your post on {{topic | default: \"growth\"}}"
//	      fallback: plain         # plain | wait | skip
//	    wait_for: {event: accepted, timeout: 21d, on_timeout: withdraw}
//	  - id: hello
//	    delay: 1d..2d
//	    if: connected
//	    message: "Thanks for connecting, {{first_name}}"
//	  - id: mail
//	    delay: {for: 5d, in: working}
//	    if: has_email and score >= 50
//	    email: {subject: "...", body: "..."}
//
// Step kinds, one per step: visit, follow, like_post, endorse {skill}, invite {note,
// fallback}, withdraw, message (a text, or {body}), inmail {subject, body},
// open_profile_message {subject, body}, email {subject, body}, and wait (a step with
// only a delay and/or a wait_for, written `wait: {}` or with no kind key at all). Texts
// are personalize templates, compiled at parse time. Their fields are the lead's own
// (BuiltInFields) and its custom fields, the columns an import kept under their
// snake_case names; as those are only known from the stored leads, Parse does not
// check fields, and campaign creation validates with Options.CheckFields, which
// refuses a field no lead has with the nearest known name (did you mean first_name?).
//
// Step keys:
//   - id: unique, required; withdraw, continue and stop are reserved.
//   - delay: how long after the previous step finished (for the step after a
//     wait_for: after the event) this step comes due. A span "4d", "2h", "30m",
//     "1d12h", "1w", or a range "1d..2d" from which the engine picks per lead (Pick).
//     Delays count calendar time unless written {for: 2d, in: working}, which counts
//     only the account's working time, "d" being one whole working day (see Working).
//     "w" is 7 days on either clock: {for: 1w, in: working} is 7 working days, about
//     a week and a half on a Monday-to-Friday schedule (from Monday 5 January it ends
//     on Wednesday 14 January), not one working week; write {for: 5d, in: working}
//     for that. Warnings points such a delay out.
//   - if: a condition on the lead's facts when the step comes due (after its delay):
//     connected, open_profile, has_email, premium, score >= N (also > <= < == !=),
//     with not, and, or and parentheses. Scores go from 0 to 100: a comparison that
//     holds for all of them or none (score >= 500) is refused by Options.CheckScores,
//     which campaign creation turns on. When it does not hold the step, its action
//     and its wait_for are skipped and the lead goes on to else: (or the next step).
//     So an if: connected after an invite tests whether the lead accepted within the
//     delay, not whether they ever will: give the invite (or a wait step before the
//     guarded one) a wait_for: accepted, or only the quickest to accept get the step.
//     Warnings points out a guarded step with no such wait before it.
//   - else: / next: the step to go to when if: fails / after this step; default the
//     following step. Jumps only go forward, so every enrollment ends.
//   - wait_for: {event: accepted, timeout: 21d, on_timeout: withdraw}, or just
//     `wait_for: accepted`. Holds the lead after the action until the event, at most
//     timeout (calendar time, default 21d; a single span such as 14d or 3w, never a
//     range). on_timeout: withdraw (default) withdraws
//     the pending invite and goes on; continue goes on and leaves it pending; stop ends
//     the enrollment; a step id jumps there.
//   - ai: {prompt, review, fields, max_chars}: a language model writes the step's
//     text for each lead, the template being the fallback (see AI writing below).
//
// Invite fallback: what to do when the note cannot be sent (no note quota left this
// month, a missing field, too long once rendered): plain sends the invite without a
// note (default), wait holds it for the quota or a review, skip skips the step.
//
// A/B variants: invite, message, inmail, open_profile_message and email steps may carry
// several versions of their text, each with an id, and compete on the step's goal
// (Goal: accepted for invites, replied for the rest):
//
//	invite:
//	  fallback: plain
//	  freeze: short               # optional: every new lead gets this one
//	  variants:
//	    - {id: short, note: "Hi {{first_name}}, glad to connect."}
//	    - {id: topic, note: "Hi {{first_name}}, I read your post on {{topic}}."}
//
// A text given on the action itself (an email's subject, say) is shared by the variants
// that do not set their own. The step's Note, Subject and Body hold the first variant;
// Step.WithVariant gives the step as a lead's assigned variant renders it. The choice
// itself is personalize.Bandit's.
//
// AI writing: invite, message, inmail, open_profile_message and email steps may carry an
// ai: block, and a language model then writes the note or body for each lead (package
// personalize/aiwrite, when the user configured a provider; see AI):
//
//	steps:
//	  - id: connect
//	    invite: {note: "Hi {{first_name}}, glad to connect."}
//	    ai: {prompt: "Mention their role; no pitch.", review: true, fields: [first_name, company, title]}
//
// prompt is required; fields lists the lead fields the model is given (AIFields, or
// custom.NAME), the only facts it may use, and Options.CheckFields checks each NAME
// against the stored leads' custom fields as it checks templates'; review: true holds every text for a person to
// approve; max_chars sets the hard limit (default the account's note limit for an
// invite, DefaultAIMaxChars otherwise). The step's template stays mandatory: it is sent
// whenever the model's text is not. A step cannot have both ai: and variants.
//
// Rules the language enforces, so the engine can rely on them:
//   - stop_on must list replied and opted_out (default [replied, opted_out]); bounced
//     and declined may be added. A stop event ends every pending step of the lead,
//     whatever channel it came from.
//   - No LinkedIn message (message, inmail, open_profile_message) reaches a lead
//     within min_after_accept (at least an hour) of their accept, whatever the delays
//     say; the engine applies it with Sequence.EarliestSend.
//   - A message (1st-degree) step that a lead might reach without being connected must
//     be guarded by an if: that requires connected; an open_profile_message step by
//     an if: that requires open_profile.
//   - Notes are checked against the account's limit before rendering (their literal
//     text, Validate) and after (RenderNote).
//
// Parse and Validate report every problem at once, each with its line and step id.
// Warnings reports, the same way, what is valid but likely not meant: an if: connected
// with no wait_for: accepted before it, weeks in working time, a note whose fields may
// take it over the limit. Campaign creation and the simulator print them.
package sequence
