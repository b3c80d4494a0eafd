// Package apitest holds what the tests of the HTTP packages (api, web) share: an
// in-memory paceline.UserStore and a seeded SQLite database.
package apitest

import (
	"context"
	"sync"
	"time"

	"github.com/paceline/paceline"
)

// Users is an in-memory paceline.UserStore with the SQLite store's error codes.
type Users struct {
	mu       sync.Mutex
	users    map[string]*paceline.User
	hashes   map[string]string
	tokens   map[string]*paceline.Token // by hash
	sessions map[string]paceline.Session
	nextID   int64
}

var _ paceline.UserStore = (*Users)(nil)

// NewUsers returns an empty store.
func NewUsers() *Users {
	return &Users{users: map[string]*paceline.User{}, hashes: map[string]string{},
		tokens: map[string]*paceline.Token{}, sessions: map[string]paceline.Session{}}
}

func noUser(name string) error {
	return paceline.Errorf(paceline.ENOTFOUND, "no user is named %q", name)
}

// CreateUser implements paceline.UserStore.
func (m *Users) CreateUser(_ context.Context, name, hash string) (*paceline.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.users[name] != nil {
		return nil, paceline.Errorf(paceline.ECONFLICT, "user %q already exists", name)
	}
	m.nextID++
	u := &paceline.User{ID: m.nextID, Name: name}
	m.users[name], m.hashes[name] = u, hash
	return u, nil
}

// SetPassword implements paceline.UserStore.
func (m *Users) SetPassword(_ context.Context, name, hash string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.users[name] == nil {
		return noUser(name)
	}
	m.hashes[name] = hash
	m.endSessions(name)
	return nil
}

// endSessions deletes every session of a user; the caller holds mu.
func (m *Users) endSessions(name string) {
	for h, s := range m.sessions {
		if s.User == name {
			delete(m.sessions, h)
		}
	}
}

// DeleteUser implements paceline.UserStore.
func (m *Users) DeleteUser(_ context.Context, name string) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case m.users[name] == nil:
		return 0, noUser(name)
	case len(m.users) == 1:
		return 0, paceline.Errorf(paceline.ECONFLICT, "%q is the only dashboard user", name)
	}
	m.endSessions(name)
	revoked := 0
	for h, t := range m.tokens {
		if t.User == name {
			delete(m.tokens, h)
			revoked++
		}
	}
	delete(m.users, name)
	delete(m.hashes, name)
	return revoked, nil
}

// UserPassword implements paceline.UserStore.
func (m *Users) UserPassword(_ context.Context, name string) (*paceline.User, string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.users[name] == nil {
		return nil, "", noUser(name)
	}
	return m.users[name], m.hashes[name], nil
}

// Users implements paceline.UserStore.
func (m *Users) Users(context.Context) ([]*paceline.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*paceline.User
	for _, u := range m.users {
		out = append(out, u)
	}
	return out, nil
}

// CreateToken implements paceline.UserStore.
func (m *Users) CreateToken(_ context.Context, user, name, prefix, hash string) (*paceline.Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.users[user] == nil {
		return nil, noUser(user)
	}
	m.nextID++
	t := &paceline.Token{ID: m.nextID, User: user, Name: name, Prefix: prefix}
	m.tokens[hash] = t
	return t, nil
}

// TokenByHash implements paceline.UserStore.
func (m *Users) TokenByHash(_ context.Context, hash string, now time.Time) (*paceline.Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.tokens[hash]
	if t == nil {
		return nil, paceline.Errorf(paceline.EUNAUTHORIZED, "the API token is unknown or revoked")
	}
	t.LastUsedAt = now
	return t, nil
}

// Tokens implements paceline.UserStore.
func (m *Users) Tokens(context.Context) ([]*paceline.Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*paceline.Token
	for _, t := range m.tokens {
		out = append(out, t)
	}
	return out, nil
}

// RevokeToken implements paceline.UserStore.
func (m *Users) RevokeToken(_ context.Context, id int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for h, t := range m.tokens {
		if t.ID == id {
			delete(m.tokens, h)
			return nil
		}
	}
	return paceline.Errorf(paceline.ENOTFOUND, "no token has id %d", id)
}

// CreateSession implements paceline.UserStore.
func (m *Users) CreateSession(_ context.Context, hash string, s *paceline.Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.users[s.User] == nil {
		return noUser(s.User)
	}
	m.sessions[hash] = *s
	return nil
}

// SessionByHash implements paceline.UserStore.
func (m *Users) SessionByHash(_ context.Context, hash string, now time.Time) (*paceline.Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[hash]
	if !ok || !s.ExpiresAt.After(now) {
		return nil, paceline.Errorf(paceline.EUNAUTHORIZED, "the session has ended (log in again)")
	}
	return &s, nil
}

// DeleteSession implements paceline.UserStore.
func (m *Users) DeleteSession(_ context.Context, hash string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, hash)
	return nil
}
