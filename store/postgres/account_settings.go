package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/accountrow"
	"github.com/paceline/paceline/store/postgres/internal/dbsqlc"
)

var _ paceline.AccountHistoryStore = (*Store)(nil)

// AccountSettingsHistory returns the named account's pacing settings in the order they
// took effect; none for an account created before migration 0020 and not changed
// since. Errors: ENOTFOUND.
func (s *Store) AccountSettingsHistory(ctx context.Context, name string) ([]paceline.AccountSettings, error) {
	var rows []dbsqlc.AccountSettingsHistoryRow
	// One snapshot for the account and its rows: an account renamed in between is
	// neither missing nor without history.
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		if _, err := q.AccountByName(ctx, name); err != nil {
			return err
		}
		var err error
		rows, err = q.AccountSettingsHistory(ctx, name)
		return err
	})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, accountrow.Missing(name)
	case err != nil:
		return nil, s.fail("read the settings history of "+name, err)
	}
	list := make([]paceline.AccountSettings, 0, len(rows))
	for _, r := range rows {
		st, err := accountrow.DecodeSettings(r.Since, r.Settings)
		if err != nil {
			return nil, fmt.Errorf("read the settings history of %s: %w", name, err)
		}
		list = append(list, st)
	}
	return list, nil
}

// insertSettings writes entries of the account's settings history.
func insertSettings(ctx context.Context, q *dbsqlc.Queries, id int64, list ...paceline.AccountSettings) error {
	for i := range list {
		text, err := accountrow.EncodeSettings(&list[i])
		if err != nil {
			return err
		}
		if err := q.InsertAccountSettings(ctx, dbsqlc.InsertAccountSettingsParams{
			AccountID: id, Since: dbTime(list[i].Since), Settings: text,
		}); err != nil {
			return fmt.Errorf("settings history: %w", err)
		}
	}
	return nil
}

// errNoAccount is recordSettingsChange's answer when no account has the ID.
var errNoAccount = errors.New("no such account")

// recordSettingsChange writes to the settings history what an update of a to the
// stored account of its ID changes (accountrow.SettingsChange), before the update
// itself. It locks the account's row first, so that two updates at once do not both
// take it for one without history. Errors: errNoAccount when no account has the ID.
func recordSettingsChange(ctx context.Context, q *dbsqlc.Queries, a *paceline.Account, now time.Time) error {
	row, err := q.AccountForUpdate(ctx, a.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return errNoAccount
	}
	if err != nil {
		return fmt.Errorf("read the stored account: %w", err)
	}
	latestRows, err := q.LatestAccountSettings(ctx, a.ID)
	if err != nil {
		return fmt.Errorf("settings history: %w", err)
	}
	var latest *paceline.AccountSettings
	if len(latestRows) > 0 {
		st, err := accountrow.DecodeSettings(latestRows[0].Since, latestRows[0].Settings)
		if err != nil {
			return err
		}
		latest = &st
	}
	before := func() (*paceline.Account, error) {
		caps, err := q.AccountCaps(ctx, a.ID)
		if err != nil {
			return nil, fmt.Errorf("read the stored caps: %w", err)
		}
		b := fromRow(row)
		addCaps(map[int64]*paceline.Account{b.ID: b}, caps)
		return b, nil
	}
	list, err := accountrow.SettingsChange(latest, before, a, now, dbTime)
	if err != nil {
		return err
	}
	return insertSettings(ctx, q, a.ID, list...)
}
