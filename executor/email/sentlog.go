package email

import (
	"context"
	"strings"
	"sync"

	"github.com/paceline/paceline"
)

// Sent is one email a mailbox delivered; the type lives in the domain so that the
// stores can keep it without importing this package.
type Sent = paceline.SentMail

// SentLog remembers what a mailbox sent (see paceline.SentMailLog).
type SentLog = paceline.SentMailLog

// MemorySentLog is a SentLog in memory, for tests and single runs. A server wires a
// durable one from the store.
type MemorySentLog struct {
	mu    sync.Mutex
	byKey map[string]Sent
	byID  map[string]Sent
	byTo  map[string]Sent
}

// NewMemorySentLog returns an empty log.
func NewMemorySentLog() *MemorySentLog {
	return &MemorySentLog{byKey: map[string]Sent{}, byID: map[string]Sent{}, byTo: map[string]Sent{}}
}

// RecordSent remembers s.
func (l *MemorySentLog) RecordSent(_ context.Context, s Sent) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.byKey[s.Key] = s
	l.byID[cleanID(s.MessageID)] = s
	if prev, ok := l.byTo[strings.ToLower(s.To)]; !ok || !s.At.Before(prev.At) {
		l.byTo[strings.ToLower(s.To)] = s
	}
	return nil
}

// SentByKey finds the email sent for an action key.
func (l *MemorySentLog) SentByKey(_ context.Context, key string) (Sent, error) {
	return l.find(l.byKey, key)
}

// SentByMessageID finds the email with a Message-ID.
func (l *MemorySentLog) SentByMessageID(_ context.Context, id string) (Sent, error) {
	return l.find(l.byID, cleanID(id))
}

// SentTo finds the latest email sent to an address.
func (l *MemorySentLog) SentTo(_ context.Context, addr string) (Sent, error) {
	return l.find(l.byTo, strings.ToLower(addr))
}

func (l *MemorySentLog) find(m map[string]Sent, k string) (Sent, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := m[k]
	if !ok {
		return Sent{}, paceline.Errorf(paceline.ENOTFOUND, "no email sent for %q", k)
	}
	return s, nil
}

var _ SentLog = (*MemorySentLog)(nil)
