// Package enrich fills the gaps in a lead's record and finds likely email addresses.
//
// Three parts, each usable alone:
//
//   - Enricher fills missing fields from what a lead already has (company domain from a
//     website or a work email, seniority and department from the title, time zone from
//     the location) and, when configured, from HTTP JSON providers the user pays for.
//     It never overwrites a field that is set and reports every Fill with its source.
//   - Provider is a generic HTTP JSON enrichment client: a URL template, an auth header
//     read from the environment, a JSON-path field mapping, a token-bucket rate limit,
//     timeouts, retries with back-off, and a capped body read.
//   - Finder builds candidate addresses from a name and a company domain, checks the
//     domain's mail servers through a Resolver, and, only when the user enables it,
//     probes recipients over SMTP (RCPT TO, never DATA) with catch-all detection.
//
// Nothing here reads a clock or the network on its own: clocks, sleeps, resolvers and
// dialers are passed in, so tests run against loopback servers and fake time.
package enrich
