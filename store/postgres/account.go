package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
)

// CreateAccount stores a new account and sets its ID. A new account is active unless
// State says otherwise; CreatedAt, when zero, is the store's clock. Errors: EINVALID for
// bad fields, ECONFLICT when the name is taken.
func (s *Store) CreateAccount(ctx context.Context, a *paceline.Account) error {
	if a.State == "" {
		a.State = paceline.AccountActive
	}
	if err := checkAccount(a); err != nil {
		return err
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = s.now()
	}
	a.CreatedAt = dbTime(a.CreatedAt)
	a.UpdatedAt = a.CreatedAt

	var id int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO accounts
			(name, type, executor, state, time_zone, hours_start, hours_end, working_days,
			 min_gap_ns, safety, opened_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			a.Name, string(a.Type), a.Executor, string(a.State), a.TimeZone,
			a.Hours.Start, a.Hours.End, int64(a.Days), int64(a.MinGap), a.Safety,
			nullTime(a.Opened), a.CreatedAt, a.UpdatedAt,
		).Scan(&id)
		if err != nil {
			return err
		}
		return insertCaps(ctx, tx, id, a.Caps)
	})
	switch {
	case isUnique(err, "accounts_name_key"):
		return nameTaken(a.Name)
	case err != nil:
		return s.fail("create account "+a.Name, err)
	}
	a.ID = id
	return nil
}

// UpdateAccount rewrites every field of the account with the given ID (a rename carries
// the account's ledger and events along) and replaces its cap overrides. UpdatedAt is
// set to the store's clock. Errors: EINVALID, ENOTFOUND when no account has that ID,
// ECONFLICT when the new name is taken.
func (s *Store) UpdateAccount(ctx context.Context, a *paceline.Account) error {
	if err := checkAccount(a); err != nil {
		return err
	}
	updated := dbTime(s.now())
	errNoRow := errors.New("no such account")
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE accounts SET
			name = $1, type = $2, executor = $3, state = $4, time_zone = $5, hours_start = $6,
			hours_end = $7, working_days = $8, min_gap_ns = $9, safety = $10, opened_at = $11,
			updated_at = $12
			WHERE id = $13`,
			a.Name, string(a.Type), a.Executor, string(a.State), a.TimeZone, a.Hours.Start,
			a.Hours.End, int64(a.Days), int64(a.MinGap), a.Safety, nullTime(a.Opened),
			updated, a.ID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return errNoRow
		}
		if _, err := tx.Exec(ctx, `DELETE FROM account_caps WHERE account_id = $1`, a.ID); err != nil {
			return fmt.Errorf("caps: %w", err)
		}
		return insertCaps(ctx, tx, a.ID, a.Caps)
	})
	switch {
	case errors.Is(err, errNoRow):
		return paceline.Errorf(paceline.ENOTFOUND,
			"no account with id %d (it may have been removed; see paceline accounts list)", a.ID)
	case isUnique(err, "accounts_name_key"):
		return nameTaken(a.Name)
	case err != nil:
		return s.fail("update account "+a.Name, err)
	}
	a.UpdatedAt = updated
	return nil
}

// nameTaken is the conflict of a second account with the same name; it names the field
// so that a form or a flag can be pointed at.
func nameTaken(name string) error {
	return &paceline.Error{Code: paceline.ECONFLICT, Field: "name", Message: fmt.Sprintf(
		"an account named %q already exists (pick another name, or see paceline accounts show %s)", name, name)}
}

func insertCaps(ctx context.Context, tx pgx.Tx, id int64, caps map[paceline.ActionKind]int) error {
	// Kinds in their fixed order, so that the rows (and any error) are deterministic.
	for _, k := range paceline.ActionKinds {
		n, ok := caps[k]
		if !ok {
			continue
		}
		if _, err := tx.Exec(ctx,
			`INSERT INTO account_caps (account_id, kind, weekly_cap) VALUES ($1, $2, $3)`,
			id, string(k), n); err != nil {
			return fmt.Errorf("cap %s: %w", k, err)
		}
	}
	return nil
}

const selectAccount = `SELECT id, name, type, executor, state, time_zone, hours_start,
	hours_end, working_days, min_gap_ns, safety, opened_at, created_at, updated_at
	FROM accounts`

// Account returns the account with the given name. Errors: ENOTFOUND.
func (s *Store) Account(ctx context.Context, name string) (*paceline.Account, error) {
	a, err := scanAccount(s.pool.QueryRow(ctx, selectAccount+` WHERE name = $1`, name))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, paceline.Errorf(paceline.ENOTFOUND,
			"no account named %q (see paceline accounts list for the names)", name)
	}
	if err != nil {
		return nil, s.fail("read account "+name, err)
	}
	rows, err := s.pool.Query(ctx, `SELECT account_id, kind, weekly_cap FROM account_caps WHERE account_id = $1`, a.ID)
	if err != nil {
		return nil, s.fail("read account "+name+" caps", err)
	}
	if err := scanCaps(rows, map[int64]*paceline.Account{a.ID: a}); err != nil {
		return nil, s.fail("read account "+name+" caps", err)
	}
	return a, nil
}

// Accounts returns every account, by name.
func (s *Store) Accounts(ctx context.Context) ([]*paceline.Account, error) {
	rows, err := s.pool.Query(ctx, selectAccount+` ORDER BY name COLLATE "C"`)
	if err != nil {
		return nil, s.fail("list accounts", err)
	}
	var list []*paceline.Account
	byID := map[int64]*paceline.Account{}
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			rows.Close()
			return nil, s.fail("list accounts", err)
		}
		list = append(list, a)
		byID[a.ID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("list accounts", err)
	}
	caps, err := s.pool.Query(ctx, `SELECT account_id, kind, weekly_cap FROM account_caps`)
	if err != nil {
		return nil, s.fail("list account caps", err)
	}
	if err := scanCaps(caps, byID); err != nil {
		return nil, s.fail("list account caps", err)
	}
	return list, nil
}

func scanAccount(r pgx.Row) (*paceline.Account, error) {
	var (
		a                  paceline.Account
		typ, state         string
		days, gap          int64
		opened             *time.Time
		created, updatedAt time.Time
	)
	err := r.Scan(&a.ID, &a.Name, &typ, &a.Executor, &state, &a.TimeZone, &a.Hours.Start,
		&a.Hours.End, &days, &gap, &a.Safety, &opened, &created, &updatedAt)
	if err != nil {
		return nil, err
	}
	a.Type = paceline.AccountType(typ)
	a.State = paceline.AccountState(state)
	a.Days = paceline.WorkingDays(days)
	a.MinGap = time.Duration(gap)
	a.Opened = fromNullTime(opened)
	a.CreatedAt = created.UTC()
	a.UpdatedAt = updatedAt.UTC()
	a.Caps = map[paceline.ActionKind]int{}
	return &a, nil
}

// scanCaps reads cap rows into the accounts they belong to and closes rows.
func scanCaps(rows pgx.Rows, byID map[int64]*paceline.Account) error {
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
			a.Caps[paceline.ActionKind(kind)] = n
		}
	}
	return rows.Err()
}
