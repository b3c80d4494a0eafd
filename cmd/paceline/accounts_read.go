package main

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// accountReader is what accounts list and show read, from a SQLite file or PostgreSQL:
// the accounts, and an email account's mailbox settings.
type accountReader interface {
	Account(ctx context.Context, name string) (*paceline.Account, error)
	Accounts(ctx context.Context) ([]*paceline.Account, error)
	paceline.MailboxStore
	Close() error
}

var (
	_ accountReader = (*sqlite.Store)(nil)
	_ accountReader = (*postgres.Store)(nil)
)

// accountReaderIfExists opens --db for accounts list and show: false, and nothing
// created, when there is no SQLite file at --db.
func (a *app) accountReaderIfExists(ctx context.Context) (accountReader, bool, error) {
	st, ok, err := a.appStoreIfExists(ctx)
	if err != nil || !ok {
		return nil, false, err
	}
	return st, true, nil
}
