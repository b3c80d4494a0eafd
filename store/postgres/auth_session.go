package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/userrow"
)

// CreateSession stores a login session under the hash of its cookie secret and drops
// expired sessions. Errors: ENOTFOUND for an unknown user.
func (s *Store) CreateSession(ctx context.Context, hash string, sess *paceline.Session) error {
	now := dbTime(s.now())
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, now); err != nil {
		return s.fail("drop expired sessions", err)
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO sessions (user_id, session_hash, csrf, created_at, expires_at)
		SELECT id, $1, $2, $3, $4 FROM users WHERE name = $5`,
		hash, sess.CSRF, now, dbTime(sess.ExpiresAt), sess.User)
	if err != nil {
		return s.fail("create session for "+sess.User, err)
	}
	if tag.RowsAffected() == 0 {
		return userrow.Missing(sess.User)
	}
	return nil
}

// SessionByHash returns an unexpired session. Errors: EUNAUTHORIZED.
func (s *Store) SessionByHash(ctx context.Context, hash string, now time.Time) (*paceline.Session, error) {
	sess := &paceline.Session{}
	err := s.pool.QueryRow(ctx, `SELECT u.name, s.csrf, s.expires_at FROM sessions s
		JOIN users u ON u.id = s.user_id WHERE s.session_hash = $1 AND s.expires_at > $2`, hash, dbTime(now)).
		Scan(&sess.User, &sess.CSRF, &sess.ExpiresAt)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, userrow.SessionEnded()
	case err != nil:
		return nil, s.fail("read session", err)
	}
	sess.ExpiresAt = sess.ExpiresAt.UTC()
	return sess, nil
}

// DeleteSession ends a session; an unknown hash is not an error.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE session_hash = $1`, hash); err != nil {
		return s.fail("delete session", err)
	}
	return nil
}
