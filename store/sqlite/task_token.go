package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/paceline/paceline/store/internal/taskrow"
)

// CreateAgentToken stores the hash of an agent's token. Errors: EINVALID for an empty
// name or hash, ECONFLICT for a name or token already stored.
func (s *Store) CreateAgentToken(ctx context.Context, name, account, hash string) error {
	if err := taskrow.CheckAgentToken(name, hash); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO agent_tokens (name, account, token_hash, created_at)
		VALUES (?, ?, ?, ?)`, name, account, hash, s.now().UTC())
	if isUnique(err) {
		return taskrow.AgentTokenTaken(name)
	}
	if err != nil {
		return fmt.Errorf("create agent token %s: %w", name, err)
	}
	return nil
}

// AgentTokenByHash returns the token's name and account. Errors: ENOTFOUND.
func (s *Store) AgentTokenByHash(ctx context.Context, hash string) (string, string, error) {
	var name, account string
	err := s.db.QueryRowContext(ctx, `SELECT name, account FROM agent_tokens WHERE token_hash = ?`, hash).Scan(&name, &account)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", taskrow.UnknownAgentToken()
	}
	if err != nil {
		return "", "", fmt.Errorf("read agent token: %w", err)
	}
	return name, account, nil
}
