package aiwrite

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Spend is what AI writing used on one day.
type Spend struct {
	Tokens int     `json:"tokens"`
	Cost   float64 `json:"cost"`
}

// SpendStore keeps the daily spend, so that a restart does not start the day afresh.
// Days are named YYYY-MM-DD in the budget's Location.
type SpendStore interface {
	DaySpend(ctx context.Context, day string) (Spend, error)
	// AddSpend adds s to day's spend atomically: several processes may share a day.
	AddSpend(ctx context.Context, day string, s Spend) error
}

// Budget caps what AI writing may spend per day, in tokens, in money, or both. Once a
// call could go over, Writer uses the template instead and says so. Days are calendar
// days in Location (UTC when nil). With a Store the day's spend is read from it before
// every call and added to it after, so caps hold across restarts and processes;
// without one the counts live in memory and a restart starts the day afresh.
type Budget struct {
	// TokensPerDay caps prompt plus completion tokens; 0 means no token cap.
	TokensPerDay int
	// CostPerDay caps the spend in the currency of the prices; 0 means no cost cap.
	CostPerDay float64
	// PromptPrice and CompletionPrice are the prices of a million tokens.
	PromptPrice, CompletionPrice float64
	// Location sets where a day starts and ends.
	Location *time.Location
	// Store, when set, keeps the daily spend durably.
	Store SpendStore

	mu    sync.Mutex
	day   string
	spent Spend
}

// dayOf names the budget day of t.
func (b *Budget) dayOf(t time.Time) string {
	loc := b.Location
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format(time.DateOnly)
}

// load returns now's day and its spend so far, from the Store when there is one.
// The caller holds b.mu.
func (b *Budget) load(ctx context.Context, now time.Time) (string, Spend, error) {
	d := b.dayOf(now)
	if b.Store != nil {
		s, err := b.Store.DaySpend(ctx, d)
		if err != nil {
			return d, Spend{}, fmt.Errorf("read the AI spend of %s: %w", d, err)
		}
		return d, s, nil
	}
	if d != b.day {
		b.day, b.spent = d, Spend{}
	}
	return d, b.spent, nil
}

// Spent returns the tokens and cost spent on now's day (zero when the Store fails).
func (b *Budget) Spent(now time.Time) (tokens int, cost float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, s, _ := b.load(context.Background(), now)
	return s.Tokens, s.Cost
}

// allow reports whether a call costing up to prompt and completion tokens fits in the
// rest of now's budget, and if not, why. The caller passes the most a call can cost
// (its prompt and max_tokens), so an allowed call cannot overshoot unless the endpoint
// counts tokens differently from the estimate. An error is the Store's.
func (b *Budget) allow(ctx context.Context, now time.Time, prompt, completion int) (bool, string, error) {
	if b == nil {
		return true, "", nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	_, s, err := b.load(ctx, now)
	if err != nil {
		return false, "", err
	}
	need, c := prompt+completion, b.price(prompt, completion)
	switch {
	case b.TokensPerDay > 0 && need > b.TokensPerDay:
		return false, fmt.Sprintf("the daily AI budget of %d tokens is smaller than one call needs (up to %d tokens: the prompt and the completion limit); set a daily token budget of at least %d, a few times that for more than one text a day", b.TokensPerDay, need, need), nil
	case b.CostPerDay > 0 && c > b.CostPerDay:
		return false, fmt.Sprintf("the daily AI budget of %.2f is smaller than one call may cost (up to %.4f); set a daily cost budget of at least %.4f", b.CostPerDay, c, c), nil
	}
	if b.TokensPerDay > 0 && s.Tokens+need > b.TokensPerDay {
		return false, fmt.Sprintf("today's AI budget of %d tokens is spent (%d used, a call may take %d)", b.TokensPerDay, s.Tokens, need), nil
	}
	if b.CostPerDay > 0 && s.Cost+c > b.CostPerDay {
		return false, fmt.Sprintf("today's AI budget of %.2f is spent (%.4f used, a call may cost %.4f)", b.CostPerDay, s.Cost, c), nil
	}
	return true, "", nil
}

// spend records a call's tokens and returns its cost.
func (b *Budget) spend(ctx context.Context, now time.Time, prompt, completion int) (float64, error) {
	if b == nil {
		return 0, nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	cost := b.price(prompt, completion)
	s := Spend{Tokens: prompt + completion, Cost: cost}
	if b.Store != nil {
		d := b.dayOf(now)
		if err := b.Store.AddSpend(ctx, d, s); err != nil {
			return cost, fmt.Errorf("record the AI spend of %s: %w", d, err)
		}
		return cost, nil
	}
	b.load(ctx, now)
	b.spent.Tokens += s.Tokens
	b.spent.Cost += s.Cost
	return cost, nil
}

func (b *Budget) price(prompt, completion int) float64 {
	return (float64(prompt)*b.PromptPrice + float64(completion)*b.CompletionPrice) / 1e6
}

// tooSmall reports whether a call of up to prompt and completion tokens is over the
// daily budget even on a day with nothing spent: no day will ever allow it until the
// budget is raised.
func (b *Budget) tooSmall(prompt, completion int) bool {
	if b == nil {
		return false
	}
	return b.TokensPerDay > 0 && prompt+completion > b.TokensPerDay ||
		b.CostPerDay > 0 && b.price(prompt, completion) > b.CostPerDay
}
