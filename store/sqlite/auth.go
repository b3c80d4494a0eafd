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

// SetPassword replaces a user's password hash. Errors: ENOTFOUND.
func (s *Store) SetPassword(ctx context.Context, name, passwordHash string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE name = ?`,
		passwordHash, s.now(), name)
	if err != nil {
		return fmt.Errorf("set password of %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return userrow.Missing(name)
	}
	return nil
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
