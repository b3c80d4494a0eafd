// Package api is paceline's JSON API under /api/v1: accounts with their usage against
// every cap and the next slot with its reason, leads (keyset-paginated, with the score
// explanation; opt-out and erase), events, campaign funnels computed from the ledger,
// each A/B variant's sends, successes and posterior (runtime.VariantReport),
// the hand-off desk's tasks, the AI texts held for review and the steps held for a
// blank field, and sequence validation and preview. Callers authenticate with an API token
// (Authorization: Bearer plt_...); errors are {"error": {"code", "message"}} with the
// HTTP status taken from the paceline.Error code in one place (status.go). The routes
// are described by an OpenAPI 3 document served at /api/v1/openapi.json.
//
// The package depends on the stores only through the interfaces in deps.go; cmd/paceline
// wires a SQLite file's or PostgreSQL's store in.
package api
