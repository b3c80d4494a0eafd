package main

import (
	"context"
	"fmt"

	"github.com/paceline/paceline/executor/email"
)

// stale says whether p no longer reads name's mailbox as stored: refresh built another
// poller, or the settings changed since p was built and refresh has not seen it yet
// (it looks every mailRefreshEvery). Such a poll's checkpoint must not be saved: a
// new IMAP URL or folder dropped the checkpoint (SetMailbox), and saving the old
// folder's UIDs would make the new poller skip the new folder's mail below them.
func (m *mailboxes) stale(ctx context.Context, name string, p *email.Poller) (bool, error) {
	m.boxMu.RLock()
	current, builtAt := m.pollers[name] == p, m.built[name]
	m.boxMu.RUnlock()
	if !current {
		return true, nil
	}
	set, err := m.accounts.Mailbox(ctx, name)
	if err != nil {
		return false, fmt.Errorf("mailbox %s: %w", name, err)
	}
	return !set.UpdatedAt.Equal(builtAt), nil
}
