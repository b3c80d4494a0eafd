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

// CreateSession stores a login session under the hash of its cookie secret, and drops
// sessions that have expired, so the table never grows without bound. Errors:
// ENOTFOUND for an unknown user.
func (s *Store) CreateSession(ctx context.Context, hash string, sess *paceline.Session) error {
	now := s.now()
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, now); err != nil {
		return fmt.Errorf("drop expired sessions: %w", err)
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO sessions (user_id, session_hash, csrf, created_at, expires_at)
		SELECT id, ?, ?, ?, ? FROM users WHERE name = ?`,
		hash, sess.CSRF, now, sess.ExpiresAt.UTC(), sess.User)
	if err != nil {
		return fmt.Errorf("create session for %s: %w", sess.User, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return userrow.Missing(sess.User)
	}
	return nil
}

// SessionByHash returns the session whose cookie secret hashes to hash, when it has not
// expired at now. Errors: EUNAUTHORIZED.
func (s *Store) SessionByHash(ctx context.Context, hash string, now time.Time) (*paceline.Session, error) {
	sess := &paceline.Session{}
	err := s.db.QueryRowContext(ctx, `SELECT u.name, s.csrf, s.expires_at FROM sessions s
		JOIN users u ON u.id = s.user_id WHERE s.session_hash = ? AND s.expires_at > ?`, hash, now.UTC()).
		Scan(&sess.User, &sess.CSRF, &sess.ExpiresAt)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, userrow.SessionEnded()
	case err != nil:
		return nil, fmt.Errorf("read session: %w", err)
	}
	sess.ExpiresAt = sess.ExpiresAt.UTC()
	return sess, nil
}

// DeleteSession ends a session; an unknown hash is not an error.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE session_hash = ?`, hash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}
