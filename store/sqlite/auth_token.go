package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/userrow"
)

// CreateToken stores the hash of a new API token of a user. Errors: ENOTFOUND for an
// unknown user.
func (s *Store) CreateToken(ctx context.Context, user, name, prefix, hash string) (*paceline.Token, error) {
	now := s.now()
	t := &paceline.Token{User: user, Name: name, Prefix: prefix, CreatedAt: now}
	err := s.db.QueryRowContext(ctx, `INSERT INTO api_tokens (id, user_id, name, prefix, token_hash, created_at)
		SELECT `+nextID("api_tokens")+`, id, ?, ?, ?, ? FROM users WHERE name = ? RETURNING id`,
		name, prefix, hash, now, user).Scan(&t.ID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, userrow.Missing(user)
	case err != nil:
		return nil, fmt.Errorf("create token for %s: %w", user, err)
	}
	return t, nil
}

const selectToken = `SELECT ` + userrow.TokenColumns + `
	FROM api_tokens t JOIN users u ON u.id = t.user_id`

// TokenByHash finds a live token by its hash and notes its use at now (to the minute,
// so that a busy client does not write on every request). Errors: ENOTFOUND.
func (s *Store) TokenByHash(ctx context.Context, hash string, now time.Time) (*paceline.Token, error) {
	t, err := userrow.ScanToken(s.db.QueryRowContext(ctx, selectToken+` WHERE t.token_hash = ?`, hash), fromNullTime)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, userrow.UnknownToken()
	case err != nil:
		return nil, fmt.Errorf("read token: %w", err)
	}
	if userrow.NoteUse(t, now) {
		if _, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now.UTC(), t.ID); err != nil {
			return nil, fmt.Errorf("note use of token %d: %w", t.ID, err)
		}
		t.LastUsedAt = now.UTC()
	}
	return t, nil
}

// Tokens lists every live token, oldest first.
func (s *Store) Tokens(ctx context.Context) ([]*paceline.Token, error) {
	rows, err := s.db.QueryContext(ctx, selectToken+` ORDER BY t.id`)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	return userrow.ReadTokens(rows, fromNullTime, failing("list tokens"))
}

// RevokeToken deletes a token and notes it in revoked_tokens. Errors: ENOTFOUND,
// ECONFLICT for a token revoked before.
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("revoke token %d: %w", id, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO revoked_tokens (id, user_name, name, revoked_at)
		SELECT t.id, u.name, t.name, ? FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?`,
		s.now().UTC(), id); err != nil {
		return fmt.Errorf("revoke token %d: %w", id, err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("revoke token %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var user, name string
		var at time.Time
		err := tx.QueryRowContext(ctx, `SELECT user_name, name, revoked_at FROM revoked_tokens WHERE id = ?`, id).Scan(&user, &name, &at)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return userrow.MissingToken(id)
		case err != nil:
			return fmt.Errorf("revoke token %d: %w", id, err)
		}
		return userrow.RevokedToken(id, user, name, at)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("revoke token %d: %w", id, err)
	}
	return nil
}
