// Package api is paceline's JSON API under /api/v1: accounts with their usage against
// every cap and the next slot with its reason, leads (keyset-paginated, with the score
// explanation; opt-out and erase), events, campaign funnels computed from the ledger,
// and sequence validation and preview. Callers authenticate with an API token
// (Authorization: Bearer plt_...); errors are {"error": {"code", "message"}} with the
// HTTP status taken from the paceline.Error code in one place (status.go). The routes
// are described by an OpenAPI 3 document served at /api/v1/openapi.json.
//
// The package depends on the stores only through the interfaces in deps.go; cmd/paceline
// wires the SQLite store (or any other) in.
package api
