package main

import (
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// Both stores read back a stored event, which the API needs to answer a second report
// of a key with the stored event; it can only find out at run time, so the build of
// the tests checks it here, where the stores are wired.
var (
	_ api.EventReader = (*sqlite.Store)(nil)
	_ api.EventReader = (*postgres.Store)(nil)
)
