package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
)

// errChanged says the account was written by another command since it was read.
var errChanged = errors.New("the account changed since it was read")

// lockUnchanged locks the account's row for the rest of tx and checks it is still as
// a was read: errNoRow when it is gone, errChanged when its UpdatedAt moved on.
func lockUnchanged(ctx context.Context, tx pgx.Tx, a *paceline.Account, errNoRow error) error {
	var stored time.Time
	err := tx.QueryRow(ctx, `SELECT updated_at FROM accounts WHERE id = $1 FOR UPDATE`, a.ID).Scan(&stored)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return errNoRow
	case err != nil:
		return err
	case !stored.Equal(dbTime(a.UpdatedAt)):
		return errChanged
	}
	return nil
}
