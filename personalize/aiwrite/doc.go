// Package aiwrite writes invite notes and messages with a language model, under
// guardrails, and falls back to the step's template whenever the model cannot be
// trusted with the send.
//
// It is the one adapter of personalization that does I/O: Client speaks to any
// OpenAI-compatible chat-completions endpoint (OpenAI, Azure OpenAI's compatible
// route, OpenRouter, a local Ollama or vLLM server) with plain net/http. Writer wraps
// any Provider with the rules a careful sender wants:
//
//   - the model sees only the lead's profile fields it is given and the user's prompt,
//     and the prompt says so;
//   - a hard limit in characters (runes): an over-long text is sent back once with the
//     reason, then the template is used;
//   - banned phrases, matched case-insensitively as whole words;
//   - a "no invented facts" check: numbers, and capitalised words that do not start a
//     sentence, must appear in the fields or the prompt (a heuristic, see Check);
//   - a review mode in which AI texts wait with StatusNeedsReview until approved;
//   - a cache per lead, campaign and step (Cache; Store adds the review list and the
//     daily spend, kept in the database by store/sqlite and store/postgres), so a
//     lead's step asks the provider at most once and a retry sends the same text;
//   - a per-day token and cost budget (clock injected), durable with a SpendStore;
//   - fallback to the template when the provider fails, times out, or answers junk,
//     with a reason that names the step.
//
// Nothing here runs unless a user configures a provider: the default set-up renders
// templates only and needs no network model.
package aiwrite
