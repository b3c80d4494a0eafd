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

// CreateAccount stores a new account and sets its ID. A new account is active unless
// State says otherwise; CreatedAt, when zero, is the store's clock, and its settings
// history starts there. Errors: EINVALID for bad fields, ECONFLICT when the name is
// taken.
func (s *Store) CreateAccount(ctx context.Context, a *paceline.Account) error {
	if err := accountrow.New(a, s.now, time.Time.UTC); err != nil {
		return err
	}

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create account %s: %w", a.Name, err)
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO accounts
		(name, type, executor, state, time_zone, hours_start, hours_end, working_days,
		 min_gap_ns, safety, opened_at, sender_name, connections, connections_at,
		 inmail_credits, inmail_credits_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.Name, string(a.Type), a.Executor, string(a.State), a.TimeZone,
		a.Hours.Start, a.Hours.End, int64(a.Days), int64(a.MinGap), a.Safety,
		nullTime(a.Opened), a.SenderName, a.Connections, nullTime(a.ConnectionsAt),
		a.InMailCredits, nullTime(a.InMailCreditsAt), a.CreatedAt, a.UpdatedAt,
	).Scan(&id)
	if isUnique(err) {
		return accountrow.NameTaken(a.Name)
	}
	if err != nil {
		return fmt.Errorf("create account %s: %w", a.Name, err)
	}
	if err := insertCaps(ctx, tx, id, a); err != nil {
		return fmt.Errorf("create account %s: %w", a.Name, err)
	}
	if err := insertSettings(ctx, tx, id, accountrow.CreatedSettings(a, utc)); err != nil {
		return fmt.Errorf("create account %s: %w", a.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create account %s: %w", a.Name, err)
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
// it was read: its stored UpdatedAt is a.UpdatedAt, in the same statement. Errors:
// those of UpdateAccount, and ECONFLICT (accountrow.Changed) when another command
// wrote the account since, which writing it whole would undo: nothing is written.
func (s *Store) UpdateAccountUnchanged(ctx context.Context, a *paceline.Account) error {
	return s.updateAccount(ctx, a, true)
}

// updateAccount is UpdateAccount, or UpdateAccountUnchanged when unchanged is set.
func (s *Store) updateAccount(ctx context.Context, a *paceline.Account, unchanged bool) error {
	if err := accountrow.Check(a); err != nil {
		return err
	}
	updated := s.now()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("update account %s: %w", a.Name, err)
	}
	defer tx.Rollback()
	if err := recordSettingsChange(ctx, tx, a, updated); err != nil {
		if paceline.ErrorCode(err) == paceline.ENOTFOUND {
			return err
		}
		return fmt.Errorf("update account %s: %w", a.Name, err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE accounts SET
		name = ?, type = ?, executor = ?, state = ?, time_zone = ?, hours_start = ?,
		hours_end = ?, working_days = ?, min_gap_ns = ?, safety = ?, opened_at = ?,
		sender_name = ?, connections = ?, connections_at = ?, inmail_credits = ?,
		inmail_credits_at = ?, updated_at = ?
		WHERE id = ? AND (? OR updated_at = ?)`,
		a.Name, string(a.Type), a.Executor, string(a.State), a.TimeZone, a.Hours.Start,
		a.Hours.End, int64(a.Days), int64(a.MinGap), a.Safety, nullTime(a.Opened),
		a.SenderName, a.Connections, nullTime(a.ConnectionsAt), a.InMailCredits,
		nullTime(a.InMailCreditsAt), updated, a.ID,
		!unchanged, a.UpdatedAt.UTC())
	if isUnique(err) {
		return accountrow.NameTaken(a.Name)
	}
	if err != nil {
		return fmt.Errorf("update account %s: %w", a.Name, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update account %s: %w", a.Name, err)
	} else if n == 0 {
		return s.notUpdated(ctx, tx, a, unchanged)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM account_caps WHERE account_id = ?`, a.ID); err != nil {
		return fmt.Errorf("update account %s caps: %w", a.Name, err)
	}
	if err := insertCaps(ctx, tx, a.ID, a); err != nil {
		return fmt.Errorf("update account %s: %w", a.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("update account %s: %w", a.Name, err)
	}
	a.UpdatedAt = updated
	return nil
}

// insertCaps writes an account's overrides: weekly caps under their kind's name and the
// other limits (paceline.LimitNames) under theirs, in one table.
func insertCaps(ctx context.Context, tx *sql.Tx, id int64, a *paceline.Account) error {
	for _, o := range paceline.AccountOverrides(a) {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO account_caps (account_id, kind, weekly_cap) VALUES (?, ?, ?)`,
			id, o.Name, o.Value); err != nil {
			return fmt.Errorf("cap %s: %w", o.Name, err)
		}
	}
	return nil
}

const selectAccount = `SELECT id, name, type, executor, state, time_zone, hours_start,
	hours_end, working_days, min_gap_ns, safety, opened_at, sender_name, connections,
	connections_at, inmail_credits, inmail_credits_at, created_at, updated_at
	FROM accounts`

// Account returns the account with the given name. Errors: ENOTFOUND.
func (s *Store) Account(ctx context.Context, name string) (*paceline.Account, error) {
	a, err := scanAccount(s.db.QueryRowContext(ctx, selectAccount+` WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, accountrow.Missing(name)
	}
	if err != nil {
		return nil, fmt.Errorf("read account %s: %w", name, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT account_id, kind, weekly_cap FROM account_caps WHERE account_id = ?`, a.ID)
	if err != nil {
		return nil, fmt.Errorf("read account %s caps: %w", name, err)
	}
	byID := map[int64]*paceline.Account{a.ID: a}
	if err := scanCaps(rows, byID); err != nil {
		return nil, fmt.Errorf("read account %s caps: %w", name, err)
	}
	if err := s.markMailboxes(ctx, byID); err != nil {
		return nil, err
	}
	return a, nil
}

// Accounts returns every account, by name.
func (s *Store) Accounts(ctx context.Context) ([]*paceline.Account, error) {
	rows, err := s.db.QueryContext(ctx, selectAccount+` ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	defer rows.Close()
	var list []*paceline.Account
	byID := map[int64]*paceline.Account{}
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("list accounts: %w", err)
		}
		list = append(list, a)
		byID[a.ID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	rows.Close()
	caps, err := s.db.QueryContext(ctx, `SELECT account_id, kind, weekly_cap FROM account_caps`)
	if err != nil {
		return nil, fmt.Errorf("list account caps: %w", err)
	}
	if err := scanCaps(caps, byID); err != nil {
		return nil, fmt.Errorf("list account caps: %w", err)
	}
	if err := s.markMailboxes(ctx, byID); err != nil {
		return nil, err
	}
	return list, nil
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanAccount(r scanner) (*paceline.Account, error) {
	var (
		a                  paceline.Account
		typ, state         string
		days, gap          int64
		opened, connsAt    sql.NullTime
		inmailAt           sql.NullTime
		created, updatedAt time.Time
	)
	err := r.Scan(&a.ID, &a.Name, &typ, &a.Executor, &state, &a.TimeZone, &a.Hours.Start,
		&a.Hours.End, &days, &gap, &a.Safety, &opened, &a.SenderName, &a.Connections, &connsAt,
		&a.InMailCredits, &inmailAt, &created, &updatedAt)
	if err != nil {
		return nil, err
	}
	a.Type = paceline.AccountType(typ)
	a.State = paceline.AccountState(state)
	a.Days = paceline.WorkingDays(days)
	a.MinGap = time.Duration(gap)
	a.Opened = fromNullTime(opened)
	a.ConnectionsAt = fromNullTime(connsAt)
	a.InMailCreditsAt = fromNullTime(inmailAt)
	a.CreatedAt = created.UTC()
	a.UpdatedAt = updatedAt.UTC()
	a.Caps = map[paceline.ActionKind]int{}
	return &a, nil
}

// scanCaps reads cap rows into the accounts they belong to and closes rows.
func scanCaps(rows *sql.Rows, byID map[int64]*paceline.Account) error {
	defer rows.Close()
	for rows.Next() {
		var (
			id   int64
			kind string
			n    int
		)
		if err := rows.Scan(&id, &kind, &n); err != nil {
			return err
		}
		if a := byID[id]; a != nil {
			paceline.SetOverride(a, kind, n)
		}
	}
	return rows.Err()
}
