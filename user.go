package paceline

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// User is a person who may log in to the dashboard and own API tokens.
type User struct {
	ID        int64
	Name      string
	CreatedAt time.Time
}

// Token is an API token as stored: only its SHA-256 hash is kept, so a copy of the
// database does not let anyone call the API. Prefix is the token's first characters,
// shown in lists so that a user can tell tokens apart.
type Token struct {
	ID         int64
	User       string
	Name       string
	Prefix     string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero until first used
}

// Session is a dashboard login. The cookie holds a random secret whose hash is the
// session's key; CSRF is the token every form of the session must send back.
type Session struct {
	User      string
	CSRF      string
	ExpiresAt time.Time
}

// UserStore keeps users, API tokens and sessions. Secrets reach it already hashed.
type UserStore interface {
	// CreateUser adds a user. Errors: ECONFLICT when the name is taken.
	CreateUser(ctx context.Context, name, passwordHash string) (*User, error)
	// SetPassword replaces a user's password hash and ends every session of the user,
	// so that a cookie from before the change (perhaps a leaked one) logs in no more.
	// Errors: ENOTFOUND.
	SetPassword(ctx context.Context, name, passwordHash string) error
	// DeleteUser removes a user, ending its sessions at once and revoking its API
	// tokens (a later revoke says when), and returns how many tokens it revoked.
	// Errors: ENOTFOUND, ECONFLICT for the only user, since nobody could log in after.
	DeleteUser(ctx context.Context, name string) (revokedTokens int, err error)
	// UserPassword returns a user and its password hash. Errors: ENOTFOUND.
	UserPassword(ctx context.Context, name string) (*User, string, error)
	// Users lists every user by name.
	Users(ctx context.Context) ([]*User, error)
	// CreateToken stores a token's hash for a user. Errors: ENOTFOUND for an unknown user.
	CreateToken(ctx context.Context, user, name, prefix, hash string) (*Token, error)
	// TokenByHash finds a token by its hash and notes that it was used at now.
	// Errors: EUNAUTHORIZED for an unknown or revoked token.
	TokenByHash(ctx context.Context, hash string, now time.Time) (*Token, error)
	// Tokens lists every live token, oldest first.
	Tokens(ctx context.Context) ([]*Token, error)
	// RevokeToken deletes a token. Errors: ENOTFOUND, ECONFLICT for a token revoked
	// before (the message says when).
	RevokeToken(ctx context.Context, id int64) error
	// CreateSession stores a session under the hash of its cookie secret. Errors:
	// ENOTFOUND for an unknown user.
	CreateSession(ctx context.Context, hash string, s *Session) error
	// SessionByHash returns a session that has not expired at now. Errors: EUNAUTHORIZED.
	SessionByHash(ctx context.Context, hash string, now time.Time) (*Session, error)
	// DeleteSession ends a session (logout); an unknown hash is not an error.
	DeleteSession(ctx context.Context, hash string) error
}

// PasswordIterations is PBKDF2-HMAC-SHA256's work factor for new password hashes,
// OWASP's 2023 advice. The count is stored in each hash, so it can be raised later.
const PasswordIterations = 600_000

// MinPasswordLength is the shortest password paceline accepts.
const MinPasswordLength = 10

// HashPassword returns "pbkdf2-sha256$iterations$salt$key" for a password, with a fresh
// random salt. Errors: EINVALID for a password shorter than MinPasswordLength.
func HashPassword(password string, iterations int) (string, error) {
	if len(password) < MinPasswordLength {
		return "", FieldErrorf("password", "is shorter than %d characters (choose a longer one)", MinPasswordLength)
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	key, err := pbkdf2.Key(sha256.New, password, salt, iterations, 32)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	enc := base64.RawStdEncoding
	return "pbkdf2-sha256$" + strconv.Itoa(iterations) + "$" + enc.EncodeToString(salt) + "$" + enc.EncodeToString(key), nil
}

// CheckPassword reports whether password matches a hash made by HashPassword, in time
// that does not depend on where they differ.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 4 || parts[0] != "pbkdf2-sha256" {
		return false
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter <= 0 || iter > 10_000_000 {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[2])
	want, err2 := enc.DecodeString(parts[3])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got, err := pbkdf2.Key(sha256.New, password, salt, iter, len(want))
	return err == nil && subtle.ConstantTimeCompare(got, want) == 1
}

// TokenPrefix starts every API token, so that secret scanners and people recognise one.
const TokenPrefix = "plt_"

// NewSecret returns a random secret of 32 bytes, base64url-encoded after prefix: an API
// token (TokenPrefix), a session cookie or a CSRF token ("").
func NewSecret(prefix string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make a secret: %w", err)
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// HashSecret is how tokens and session secrets are stored: hex SHA-256. The secrets are
// 256 random bits, so a fast hash is enough; a slow one would only slow every request.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
