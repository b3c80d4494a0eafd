package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/accountrow"
)

// notUpdated is the error of an update that wrote no row: the account is gone, or
// (unchanged) another command wrote it since it was read.
func (s *Store) notUpdated(ctx context.Context, tx *sql.Tx, a *paceline.Account, unchanged bool) error {
	if !unchanged {
		return accountrow.MissingID(a.ID)
	}
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM accounts WHERE id = ?`, a.ID).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return accountrow.MissingID(a.ID)
	case err != nil:
		return fmt.Errorf("update account %s: %w", a.Name, err)
	}
	return accountrow.Changed(a.Name)
}
