package email

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

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
	byTo  map[string][]Sent // oldest first
}

// NewMemorySentLog returns an empty log.
func NewMemorySentLog() *MemorySentLog {
	return &MemorySentLog{byKey: map[string]Sent{}, byID: map[string]Sent{}, byTo: map[string][]Sent{}}
}

// RecordSent remembers s.
func (l *MemorySentLog) RecordSent(_ context.Context, s Sent) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.byKey[s.Key]; ok {
		return nil // a replay keeps the first record, as the stores do
	}
	l.byKey[s.Key] = s
	l.byID[cleanID(s.MessageID)] = s
	to := strings.ToLower(s.To)
	i, _ := slices.BinarySearchFunc(l.byTo[to], s.At, func(e Sent, t time.Time) int {
		if e.At.After(t) {
			return 1
		}
		return -1 // equal times keep the order they were recorded in
	})
	l.byTo[to] = slices.Insert(l.byTo[to], i, s)
	return nil
}

// ForgetSent removes the record of the action key's email, if there is one.
func (l *MemorySentLog) ForgetSent(_ context.Context, key string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.byKey[key]
	if !ok {
		return nil
	}
	delete(l.byKey, key)
	delete(l.byID, cleanID(s.MessageID))
	to := strings.ToLower(s.To)
	l.byTo[to] = slices.DeleteFunc(l.byTo[to], func(e Sent) bool { return e.Key == key })
	if len(l.byTo[to]) == 0 {
		delete(l.byTo, to)
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
func (l *MemorySentLog) SentTo(ctx context.Context, addr string) (Sent, error) {
	return l.sentTo(addr, func(Sent) bool { return true })
}

// SentToBy finds the latest email sent to an address at or before t.
func (l *MemorySentLog) SentToBy(_ context.Context, addr string, t time.Time) (Sent, error) {
	return l.sentTo(addr, func(s Sent) bool { return !s.At.After(t) })
}

func (l *MemorySentLog) sentTo(addr string, ok func(Sent) bool) (Sent, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	all := l.byTo[strings.ToLower(strings.TrimSpace(addr))]
	for i := len(all) - 1; i >= 0; i-- {
		if ok(all[i]) {
			return all[i], nil
		}
	}
	return Sent{}, paceline.Errorf(paceline.ENOTFOUND, "no email sent to %q", addr)
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
