package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/userrow"
)

// The auth queries are few and simple, so they are written here rather than through
// sqlc; they mirror store/sqlite/auth*.go statement for statement.

var _ paceline.UserStore = (*Store)(nil)

// CreateUser adds a dashboard user. Errors: EINVALID for an empty name, ECONFLICT when
// the name is taken.
func (s *Store) CreateUser(ctx context.Context, name, passwordHash string) (*paceline.User, error) {
	if err := userrow.CheckName(name); err != nil {
		return nil, err
	}
	now := dbTime(s.now())
	u := &paceline.User{Name: name, CreatedAt: now}
	err := s.pool.QueryRow(ctx, `INSERT INTO users (name, password_hash, created_at, updated_at)
		VALUES ($1, $2, $3, $3) RETURNING id`, name, passwordHash, now).Scan(&u.ID)
	switch {
	case isUnique(err, "users_name_key"):
		return nil, userrow.NameTaken(name)
	case err != nil:
		return nil, s.fail("create user "+name, err)
	}
	return u, nil
}

// SetPassword replaces a user's password hash and ends the user's sessions, in one
// statement. Errors: ENOTFOUND.
func (s *Store) SetPassword(ctx context.Context, name, passwordHash string) error {
	tag, err := s.pool.Exec(ctx, `WITH u AS (
		UPDATE users SET password_hash = $1, updated_at = $2 WHERE name = $3 RETURNING id),
		ended AS (DELETE FROM sessions WHERE user_id IN (SELECT id FROM u))
		SELECT id FROM u`,
		passwordHash, dbTime(s.now()), name)
	if err != nil {
		return s.fail("set password of "+name, err)
	}
	if tag.RowsAffected() == 0 {
		return userrow.Missing(name)
	}
	return nil
}

// DeleteUser removes a user with its sessions, and its API tokens, which it notes in
// revoked_tokens as RevokeToken does. It locks every user row first, so that two
// deletes cannot both see a second user. Errors: ENOTFOUND, ECONFLICT for the only
// user.
func (s *Store) DeleteUser(ctx context.Context, name string) (int, error) {
	var revoked int
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var id, users int64
		err := tx.QueryRow(ctx, `WITH locked AS (SELECT id, name FROM users ORDER BY id FOR UPDATE)
			SELECT id, (SELECT count(*) FROM locked) FROM locked WHERE name = $1`, name).Scan(&id, &users)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return userrow.Missing(name)
		case err != nil:
			return s.fail("delete user "+name, err)
		case users < 2:
			return userrow.LastUser(name)
		}
		tag, err := tx.Exec(ctx, `INSERT INTO revoked_tokens (id, user_name, name, revoked_at)
			SELECT id, $1, name, $2 FROM api_tokens WHERE user_id = $3`, name, dbTime(s.now()), id)
		if err != nil {
			return s.fail("revoke the tokens of "+name, err)
		}
		revoked = int(tag.RowsAffected())
		// The sessions and tokens go with the user (ON DELETE CASCADE).
		if _, err := tx.Exec(ctx, `DELETE FROM users WHERE id = $1`, id); err != nil {
			return s.fail("delete user "+name, err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return revoked, nil
}

// UserPassword returns a user and its password hash. Errors: ENOTFOUND.
func (s *Store) UserPassword(ctx context.Context, name string) (*paceline.User, string, error) {
	u := &paceline.User{}
	var hash string
	err := s.pool.QueryRow(ctx, `SELECT id, name, password_hash, created_at FROM users WHERE name = $1`, name).
		Scan(&u.ID, &u.Name, &hash, &u.CreatedAt)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, "", userrow.Missing(name)
	case err != nil:
		return nil, "", s.fail("read user "+name, err)
	}
	u.CreatedAt = u.CreatedAt.UTC()
	return u, hash, nil
}

// Users lists every user by name.
func (s *Store) Users(ctx context.Context) ([]*paceline.User, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name, created_at FROM users ORDER BY name`)
	if err != nil {
		return nil, s.fail("list users", err)
	}
	defer rows.Close()
	return userrow.ReadUsers(rows, s.failing("list users"))
}

// CreateToken stores the hash of a new API token of a user. Errors: ENOTFOUND for an
// unknown user.
func (s *Store) CreateToken(ctx context.Context, user, name, prefix, hash string) (*paceline.Token, error) {
	now := dbTime(s.now())
	t := &paceline.Token{User: user, Name: name, Prefix: prefix, CreatedAt: now}
	err := s.pool.QueryRow(ctx, `INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at)
		SELECT id, $1, $2, $3, $4 FROM users WHERE name = $5 RETURNING id`,
		name, prefix, hash, now, user).Scan(&t.ID)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, userrow.Missing(user)
	case err != nil:
		return nil, s.fail("create token for "+user, err)
	}
	return t, nil
}

const selectToken = `SELECT ` + userrow.TokenColumns + `
	FROM api_tokens t JOIN users u ON u.id = t.user_id`

// TokenByHash finds a live token by its hash and notes its use at now (to the minute).
// Errors: EUNAUTHORIZED.
func (s *Store) TokenByHash(ctx context.Context, hash string, now time.Time) (*paceline.Token, error) {
	t, err := userrow.ScanToken(s.pool.QueryRow(ctx, selectToken+` WHERE t.token_hash = $1`, hash), fromNullTime)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, userrow.UnknownToken()
	case err != nil:
		return nil, s.fail("read token", err)
	}
	if userrow.NoteUse(t, now) {
		if _, err := s.pool.Exec(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, dbTime(now), t.ID); err != nil {
			return nil, s.fail("note use of a token", err)
		}
		t.LastUsedAt = dbTime(now)
	}
	return t, nil
}

// Tokens lists every live token, oldest first.
func (s *Store) Tokens(ctx context.Context) ([]*paceline.Token, error) {
	rows, err := s.pool.Query(ctx, selectToken+` ORDER BY t.id`)
	if err != nil {
		return nil, s.fail("list tokens", err)
	}
	defer rows.Close()
	return userrow.ReadTokens(rows, fromNullTime, s.failing("list tokens"))
}

// RevokeToken deletes a token and notes it in revoked_tokens, in one statement.
// Errors: ENOTFOUND, ECONFLICT for a token revoked before.
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	tag, err := s.pool.Exec(ctx, `WITH gone AS (
		DELETE FROM api_tokens t USING users u WHERE t.id = $1 AND u.id = t.user_id RETURNING t.id, u.name AS user_name, t.name)
		INSERT INTO revoked_tokens (id, user_name, name, revoked_at) SELECT id, user_name, name, $2 FROM gone`, id, dbTime(s.now()))
	if err != nil {
		return s.fail("revoke a token", err)
	}
	if tag.RowsAffected() == 0 {
		var user, name string
		var at time.Time
		err := s.pool.QueryRow(ctx, `SELECT user_name, name, revoked_at FROM revoked_tokens WHERE id = $1`, id).Scan(&user, &name, &at)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return userrow.MissingToken(id)
		case err != nil:
			return s.fail("read a revoked token", err)
		}
		return userrow.RevokedToken(id, user, name, at)
	}
	return nil
}
