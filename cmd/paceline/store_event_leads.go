package main

import (
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// Both stores let POST /api/v1/events refuse a lead nobody knows: serve and the demo
// pass the store as api.Deps.Events.
var (
	_ api.LeadRefFinder = (*sqlite.Store)(nil)
	_ api.LeadRefFinder = (*postgres.Store)(nil)
)
