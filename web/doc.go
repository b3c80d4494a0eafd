// Package web is paceline's dashboard: server-rendered html/template pages with SVG
// charts drawn by Go code and a little JavaScript of our own, all embedded in the
// binary (no CDN, no third-party assets). Pages: accounts (a gauge per capped kind and
// the next slot with its reason), leads (score with its explanation), campaigns (the
// funnel, a chart over time and, for A/B tests, each variant's sends, successes and
// posterior), the sequence editor (validates as you type, previews
// a message for a chosen lead), tasks (the hand-off desk's, the AI texts to review,
// the held steps to resume), webhooks (endpoints with their latest deliveries) and API
// tokens; a new endpoint's signing secret and a new token are shown once, on the
// answer to their form, never in a URL.
//
// Login is by password (users are made with `paceline users create`); a session lives
// in an HttpOnly, SameSite=Lax cookie that holds a random secret, stored hashed; every
// form and every fetch that changes or computes something carries the session's CSRF
// token. New also mounts the JSON API (package api) at /api/v1/.
package web
