package aiwrite

import (
	"fmt"
	"sync"
	"time"
)

// Budget caps what AI writing may spend per day, in tokens, in money, or both. Once a
// call could go over, Writer uses the template instead and says so. Days are calendar
// days in Location (UTC when nil). The counts live in memory: a restart starts the
// day afresh, so set the caps with that margin.
type Budget struct {
	// TokensPerDay caps prompt plus completion tokens; 0 means no token cap.
	TokensPerDay int
	// CostPerDay caps the spend in the currency of the prices; 0 means no cost cap.
	CostPerDay float64
	// PromptPrice and CompletionPrice are the prices of a million tokens.
	PromptPrice, CompletionPrice float64
	// Location sets where a day starts and ends.
	Location *time.Location

	mu     sync.Mutex
	day    string
	tokens int
	cost   float64
}

// dayOf names the budget day of t.
func (b *Budget) dayOf(t time.Time) string {
	loc := b.Location
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format(time.DateOnly)
}

// roll starts a new day's counts when now is past the day counted so far.
func (b *Budget) roll(now time.Time) {
	if d := b.dayOf(now); d != b.day {
		b.day, b.tokens, b.cost = d, 0, 0
	}
}

// Spent returns the tokens and cost spent on now's day.
func (b *Budget) Spent(now time.Time) (tokens int, cost float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.roll(now)
	return b.tokens, b.cost
}

// allow reports whether a call costing up to prompt and completion tokens fits in the
// rest of now's budget, and if not, why. The caller passes the most a call can cost
// (its prompt and max_tokens), so an allowed call cannot overshoot unless the endpoint
// counts tokens differently from the estimate.
func (b *Budget) allow(now time.Time, prompt, completion int) (bool, string) {
	if b == nil {
		return true, ""
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.roll(now)
	if b.TokensPerDay > 0 && b.tokens+prompt+completion > b.TokensPerDay {
		return false, fmt.Sprintf("today's AI budget of %d tokens is spent (%d used, a call may take %d)", b.TokensPerDay, b.tokens, prompt+completion)
	}
	if c := b.price(prompt, completion); b.CostPerDay > 0 && b.cost+c > b.CostPerDay {
		return false, fmt.Sprintf("today's AI budget of %.2f is spent (%.4f used, a call may cost %.4f)", b.CostPerDay, b.cost, c)
	}
	return true, ""
}

// spend records a call's tokens.
func (b *Budget) spend(now time.Time, prompt, completion int) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.roll(now)
	b.tokens += prompt + completion
	b.cost += b.price(prompt, completion)
}

func (b *Budget) price(prompt, completion int) float64 {
	return (float64(prompt)*b.PromptPrice + float64(completion)*b.CompletionPrice) / 1e6
}
