package main

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// archiveStore is what linkedin import-archive reads and writes, in a SQLite file or
// PostgreSQL: the account and its ledger, the leads by key, the events the archive
// adds, the open invite tasks it closes, and the account's count of connections.
type archiveStore interface {
	Account(ctx context.Context, name string) (*paceline.Account, error)
	UpdateAccount(ctx context.Context, a *paceline.Account) error
	paceline.Ledger
	LeadByKey(ctx context.Context, kind, value string) (*paceline.Lead, error)
	RecordEvent(ctx context.Context, e *paceline.Event) (recorded bool, err error)
	Tasks(ctx context.Context, f paceline.TaskFilter) ([]*paceline.Task, error)
	UpdateTask(ctx context.Context, t *paceline.Task, from paceline.TaskState) error
	SetActionResult(ctx context.Context, key string, r paceline.ActionResult) error
}

var (
	_ archiveStore = (*sqlite.Store)(nil)
	_ archiveStore = (*postgres.Store)(nil)
)
