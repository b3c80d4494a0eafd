// Package runtimetest has what tests of the runtime and of its commands share: an
// executor that carries out every action and remembers the words it was handed, a loop
// that ticks an account in virtual time, and a sequence whose step a blank field holds.
package runtimetest

import (
	"context"
	"sync"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// Bodies is a runtime executor that carries out every action at once and keeps, per
// lead key, the bodies of the texts it was handed. Its zero value is ready to use and
// it is safe for concurrent use.
type Bodies struct {
	mu   sync.Mutex
	sent map[string][]string
}

// Execute carries out an action without words.
func (b *Bodies) Execute(context.Context, paceline.Action) (engine.Outcome, error) {
	return engine.Outcome{Result: paceline.ResultDone}, nil
}

// ExecuteText carries out an action and keeps its body.
func (b *Bodies) ExecuteText(_ context.Context, a paceline.Action, t engine.Text) (engine.Outcome, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.sent == nil {
		b.sent = map[string][]string{}
	}
	b.sent[a.Lead] = append(b.sent[a.Lead], t.Body)
	return engine.Outcome{Result: paceline.ResultDone}, nil
}

// Executed says no action was carried out before: there is nothing to reconcile.
func (b *Bodies) Executed(context.Context, string) (engine.Outcome, bool, error) {
	return engine.Outcome{}, false, nil
}

// Of returns a copy of the bodies sent to the lead, oldest first.
func (b *Bodies) Of(lead string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.sent[lead]...)
}
