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

// CreateAccount stores a new account and sets its ID. A new account is active unless
// State says otherwise; CreatedAt, when zero, is the store's clock, and its settings
// history starts there. Errors: EINVALID for bad fields, ECONFLICT when the name is
// taken.
func (s *Store) CreateAccount(ctx context.Context, a *paceline.Account) error {
	if err := accountrow.New(a, s.now, dbTime); err != nil {
		return err
	}

	var id int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		var err error
		id, err = q.CreateAccount(ctx, dbsqlc.CreateAccountParams{
			Name: a.Name, Type: string(a.Type), Executor: a.Executor, State: string(a.State),
			TimeZone: a.TimeZone, HoursStart: int32(a.Hours.Start), HoursEnd: int32(a.Hours.End),
			WorkingDays: int32(a.Days), MinGapNs: int64(a.MinGap), Safety: a.Safety,
			OpenedAt: nullTime(a.Opened), SenderName: a.SenderName,
			Connections: int32(a.Connections), ConnectionsAt: nullTime(a.ConnectionsAt),
			InmailCredits: int32(a.InMailCredits), InmailCreditsAt: nullTime(a.InMailCreditsAt),
			CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt,
		})
		if err != nil {
			return err
		}
		if err := insertCaps(ctx, q, id, a); err != nil {
			return err
		}
		return insertSettings(ctx, q, id, accountrow.CreatedSettings(a, dbTime))
	})
	switch {
	case isUnique(err, "accounts_name_key"):
		return accountrow.NameTaken(a.Name)
	case err != nil:
		return s.fail("create account "+a.Name, err)
	}
	a.ID = id
	return nil
}

// UpdateAccount rewrites every field of the account with the given ID (a rename carries
// the account's ledger and events along) and replaces its cap overrides. A change of
// its pacing settings is written to its settings history, in force from the store's
// clock, which UpdatedAt is set to. Errors: EINVALID, ENOTFOUND when no account has
// that ID, ECONFLICT when the new name is taken.
func (s *Store) UpdateAccount(ctx context.Context, a *paceline.Account) error {
	return s.updateAccount(ctx, a, false)
}

// UpdateAccountUnchanged writes the account as UpdateAccount does, if it is still as
// it was read; see the sqlite twin. The row is locked before its UpdatedAt is compared.
func (s *Store) UpdateAccountUnchanged(ctx context.Context, a *paceline.Account) error {
	return s.updateAccount(ctx, a, true)
}

// updateAccount is UpdateAccount, or UpdateAccountUnchanged when unchanged is set.
func (s *Store) updateAccount(ctx context.Context, a *paceline.Account, unchanged bool) error {
	if err := accountrow.Check(a); err != nil {
		return err
	}
	updated := dbTime(s.now())
	errNoRow := errNoAccount
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		if unchanged {
			if err := lockUnchanged(ctx, tx, a, errNoRow); err != nil {
				return err
			}
		}
		if err := recordSettingsChange(ctx, q, a, updated); err != nil {
			return err
		}
		n, err := q.UpdateAccount(ctx, dbsqlc.UpdateAccountParams{
			ID:   a.ID,
			Name: a.Name, Type: string(a.Type), Executor: a.Executor, State: string(a.State),
			TimeZone: a.TimeZone, HoursStart: int32(a.Hours.Start), HoursEnd: int32(a.Hours.End),
			WorkingDays: int32(a.Days), MinGapNs: int64(a.MinGap), Safety: a.Safety,
			OpenedAt: nullTime(a.Opened), SenderName: a.SenderName,
			Connections: int32(a.Connections), ConnectionsAt: nullTime(a.ConnectionsAt),
			InmailCredits: int32(a.InMailCredits), InmailCreditsAt: nullTime(a.InMailCreditsAt),
			UpdatedAt: updated,
		})
		if err != nil {
			return err
		}
		if n == 0 {
			return errNoRow
		}
		if err := q.DeleteAccountCaps(ctx, a.ID); err != nil {
			return fmt.Errorf("caps: %w", err)
		}
		return insertCaps(ctx, q, a.ID, a)
	})
	switch {
	case errors.Is(err, errNoRow):
		return accountrow.MissingID(a.ID)
	case errors.Is(err, errChanged):
		return accountrow.Changed(a.Name)
	case isUnique(err, "accounts_name_key"):
		return accountrow.NameTaken(a.Name)
	case err != nil:
		return s.fail("update account "+a.Name, err)
	}
	a.UpdatedAt = updated
	return nil
}

// missingAccount is the error for a ledger or event row naming an unknown account.
func missingAccount(name string) error { return accountrow.Missing(name) }

// insertCaps writes an account's overrides: weekly caps under their kind's name and the
// other limits (paceline.LimitNames) under theirs, in one table.
func insertCaps(ctx context.Context, q *dbsqlc.Queries, id int64, a *paceline.Account) error {
	for _, o := range paceline.AccountOverrides(a) {
		if err := q.InsertAccountCap(ctx, dbsqlc.InsertAccountCapParams{
			AccountID: id, Kind: o.Name, WeeklyCap: int64(o.Value),
		}); err != nil {
			return fmt.Errorf("cap %s: %w", o.Name, err)
		}
	}
	return nil
}

// Account returns the account with the given name. Errors: ENOTFOUND.
func (s *Store) Account(ctx context.Context, name string) (*paceline.Account, error) {
	row, err := s.q.AccountByName(ctx, name)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, accountrow.Missing(name)
	}
	if err != nil {
		return nil, s.fail("read account "+name, err)
	}
	caps, err := s.q.AccountCaps(ctx, row.ID)
	if err != nil {
		return nil, s.fail("read account "+name+" caps", err)
	}
	a := fromRow(row)
	byID := map[int64]*paceline.Account{a.ID: a}
	addCaps(byID, caps)
	if err := s.markMailboxes(ctx, byID); err != nil {
		return nil, err
	}
	return a, nil
}

// Accounts returns every account, by name.
func (s *Store) Accounts(ctx context.Context) ([]*paceline.Account, error) {
	rows, err := s.q.ListAccounts(ctx)
	if err != nil {
		return nil, s.fail("list accounts", err)
	}
	caps, err := s.q.ListAccountCaps(ctx)
	if err != nil {
		return nil, s.fail("list account caps", err)
	}
	list := make([]*paceline.Account, len(rows))
	byID := make(map[int64]*paceline.Account, len(rows))
	for i, row := range rows {
		list[i] = fromRow(row)
		byID[row.ID] = list[i]
	}
	addCaps(byID, caps)
	if err := s.markMailboxes(ctx, byID); err != nil {
		return nil, err
	}
	return list, nil
}

// fromRow is the domain's account for a row, with an empty (not nil) map of caps.
func fromRow(r dbsqlc.Account) *paceline.Account {
	return &paceline.Account{
		ID:              r.ID,
		Name:            r.Name,
		Type:            paceline.AccountType(r.Type),
		Executor:        r.Executor,
		State:           paceline.AccountState(r.State),
		TimeZone:        r.TimeZone,
		Hours:           paceline.WorkingHours{Start: int(r.HoursStart), End: int(r.HoursEnd)},
		Days:            paceline.WorkingDays(r.WorkingDays),
		MinGap:          time.Duration(r.MinGapNs),
		Safety:          r.Safety,
		Caps:            map[paceline.ActionKind]int{},
		Opened:          fromNullTime(r.OpenedAt),
		SenderName:      r.SenderName,
		Connections:     int(r.Connections),
		ConnectionsAt:   fromNullTime(r.ConnectionsAt),
		InMailCredits:   int(r.InmailCredits),
		InMailCreditsAt: fromNullTime(r.InmailCreditsAt),
		CreatedAt:       r.CreatedAt.UTC(),
		UpdatedAt:       r.UpdatedAt.UTC(),
	}
}

// addCaps puts cap rows into the accounts they belong to; rows of accounts created
// between the two reads are left out.
func addCaps(byID map[int64]*paceline.Account, caps []dbsqlc.AccountCap) {
	for _, c := range caps {
		if a := byID[c.AccountID]; a != nil {
			paceline.SetOverride(a, c.Kind, int(c.WeeklyCap))
		}
	}
}
