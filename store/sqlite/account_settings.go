package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/accountrow"
)

var _ paceline.AccountHistoryStore = (*Store)(nil)

// utc is the store's precision for an instant: all of it, in UTC.
func utc(t time.Time) time.Time { return t.UTC() }

// AccountSettingsHistory returns the named account's pacing settings in the order they
// took effect; none for an account created before migration 0020 and not changed
// since. Errors: ENOTFOUND.
func (s *Store) AccountSettingsHistory(ctx context.Context, name string) ([]paceline.AccountSettings, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM accounts WHERE name = ?`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, accountrow.Missing(name)
	}
	if err != nil {
		return nil, fmt.Errorf("read the settings history of %s: %w", name, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT since, settings FROM account_settings_history
		WHERE account_id = ? ORDER BY since, id`, id)
	if err != nil {
		return nil, fmt.Errorf("read the settings history of %s: %w", name, err)
	}
	defer rows.Close()
	var list []paceline.AccountSettings
	for rows.Next() {
		var (
			since time.Time
			text  string
		)
		if err := rows.Scan(&since, &text); err != nil {
			return nil, fmt.Errorf("read the settings history of %s: %w", name, err)
		}
		st, err := accountrow.DecodeSettings(since, text)
		if err != nil {
			return nil, fmt.Errorf("read the settings history of %s: %w", name, err)
		}
		list = append(list, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the settings history of %s: %w", name, err)
	}
	return list, nil
}

// insertSettings writes entries of the account's settings history.
func insertSettings(ctx context.Context, tx *sql.Tx, id int64, list ...paceline.AccountSettings) error {
	for i := range list {
		text, err := accountrow.EncodeSettings(&list[i])
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO account_settings_history (account_id, since, settings) VALUES (?, ?, ?)`,
			id, list[i].Since.UTC(), text); err != nil {
			return fmt.Errorf("settings history: %w", err)
		}
	}
	return nil
}

// recordSettingsChange writes to the settings history what an update of a to the
// stored account of its ID changes (accountrow.SettingsChange), before the update
// itself. Errors: ENOTFOUND when no account has the ID.
func recordSettingsChange(ctx context.Context, tx *sql.Tx, a *paceline.Account, now time.Time) error {
	var latest *paceline.AccountSettings
	var (
		since time.Time
		text  string
	)
	err := tx.QueryRowContext(ctx, `SELECT since, settings FROM account_settings_history
		WHERE account_id = ? ORDER BY since DESC, id DESC LIMIT 1`, a.ID).Scan(&since, &text)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return fmt.Errorf("settings history: %w", err)
	default:
		st, err := accountrow.DecodeSettings(since, text)
		if err != nil {
			return err
		}
		latest = &st
	}
	before := func() (*paceline.Account, error) {
		b, err := scanAccount(tx.QueryRowContext(ctx, selectAccount+` WHERE id = ?`, a.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return nil, accountrow.MissingID(a.ID)
		}
		if err != nil {
			return nil, fmt.Errorf("read the stored account: %w", err)
		}
		rows, err := tx.QueryContext(ctx, `SELECT account_id, kind, weekly_cap FROM account_caps WHERE account_id = ?`, a.ID)
		if err != nil {
			return nil, fmt.Errorf("read the stored caps: %w", err)
		}
		if err := scanCaps(rows, map[int64]*paceline.Account{b.ID: b}); err != nil {
			return nil, fmt.Errorf("read the stored caps: %w", err)
		}
		return b, nil
	}
	list, err := accountrow.SettingsChange(latest, before, a, now, utc)
	if err != nil {
		return err
	}
	return insertSettings(ctx, tx, a.ID, list...)
}
