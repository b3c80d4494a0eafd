package main

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/paceline/paceline"
)

// journal is the simulated LinkedIn's memory, in this process: what it carried out, by
// key. A real platform remembers by itself.
type journal struct {
	mu    sync.Mutex
	byKey map[string]paceline.Action
}

func newJournal() *journal { return &journal{byKey: map[string]paceline.Action{}} }

func (j *journal) SimRecord(_ context.Context, a paceline.Action) (paceline.Action, bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if prev, ok := j.byKey[a.Key]; ok {
		return prev, false, nil
	}
	j.byKey[a.Key] = a
	return a, true, nil
}

func (j *journal) SimExecuted(_ context.Context, key string) (paceline.Action, bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	a, ok := j.byKey[key]
	return a, ok, nil
}

func (j *journal) SimActions(_ context.Context, account string, since, until time.Time) ([]paceline.Action, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []paceline.Action
	for _, a := range j.byKey {
		if a.Account == account && !a.At.Before(since) && a.At.Before(until) {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, k int) bool { return out[i].At.Before(out[k].At) })
	return out, nil
}
