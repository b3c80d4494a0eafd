package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/userrow"
)

var _ paceline.UserStore = (*Store)(nil)

// CreateUser adds a dashboard user. Errors: EINVALID for an empty name, ECONFLICT when
// the name is taken.
func (s *Store) CreateUser(ctx context.Context, name, passwordHash string) (*paceline.User, error) {
	if err := userrow.CheckName(name); err != nil {
		return nil, err
	}
	now := s.now()
	u := &paceline.User{Name: name, CreatedAt: now}
	err := s.db.QueryRowContext(ctx, `INSERT INTO users (name, password_hash, created_at, updated_at)
		VALUES (?, ?, ?, ?) RETURNING id`, name, passwordHash, now, now).Scan(&u.ID)
	switch {
	case isUnique(err):
		return nil, userrow.NameTaken(name)
	case err != nil:
		return nil, fmt.Errorf("create user %s: %w", name, err)
	}
	return u, nil
}

// SetPassword replaces a user's password hash and ends the user's sessions, in one
// transaction: a cookie from before the change logs in no more. Errors: ENOTFOUND.
func (s *Store) SetPassword(ctx context.Context, name, passwordHash string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("set password of %s: %w", name, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE name = ?`,
		passwordHash, s.now(), name)
	if err != nil {
		return fmt.Errorf("set password of %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return userrow.Missing(name)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)`, name); err != nil {
		return fmt.Errorf("end the sessions of %s: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("set password of %s: %w", name, err)
	}
	return nil
}

// DeleteUser removes a user with its sessions, and its API tokens, which it notes in
// revoked_tokens as RevokeToken does. The transaction takes the write lock first
// (_txlock=immediate), so two deletes cannot both see a second user. Errors:
// ENOTFOUND, ECONFLICT for the only user.
func (s *Store) DeleteUser(ctx context.Context, name string) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("delete user %s: %w", name, err)
	}
	defer tx.Rollback()
	var id, users int64
	err = tx.QueryRowContext(ctx, `SELECT id, (SELECT count(*) FROM users) FROM users WHERE name = ?`, name).Scan(&id, &users)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, userrow.Missing(name)
	case err != nil:
		return 0, fmt.Errorf("delete user %s: %w", name, err)
	case users < 2:
		return 0, userrow.LastUser(name)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO revoked_tokens (id, user_name, name, revoked_at)
		SELECT id, ?, name, ? FROM api_tokens WHERE user_id = ?`, name, s.now().UTC(), id)
	if err != nil {
		return 0, fmt.Errorf("revoke the tokens of %s: %w", name, err)
	}
	revoked, _ := res.RowsAffected()
	// The sessions and tokens go with the user (ON DELETE CASCADE); they are deleted
	// here too so as not to depend on the foreign_keys pragma.
	for _, q := range []string{`DELETE FROM sessions WHERE user_id = ?`, `DELETE FROM api_tokens WHERE user_id = ?`, `DELETE FROM users WHERE id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return 0, fmt.Errorf("delete user %s: %w", name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("delete user %s: %w", name, err)
	}
	return int(revoked), nil
}

// UserPassword returns a user and its password hash. Errors: ENOTFOUND.
func (s *Store) UserPassword(ctx context.Context, name string) (*paceline.User, string, error) {
	u := &paceline.User{}
	var hash string
	err := s.db.QueryRowContext(ctx, `SELECT id, name, password_hash, created_at FROM users WHERE name = ?`, name).
		Scan(&u.ID, &u.Name, &hash, &u.CreatedAt)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, "", userrow.Missing(name)
	case err != nil:
		return nil, "", fmt.Errorf("read user %s: %w", name, err)
	}
	u.CreatedAt = u.CreatedAt.UTC()
	return u, hash, nil
}

// Users lists every user by name.
func (s *Store) Users(ctx context.Context) ([]*paceline.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, created_at FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	return userrow.ReadUsers(rows, failing("list users"))
}
