package aiwrite

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"
)

// Key names the text of one lead at one step of one campaign: what the cache keeps one
// Entry for.
type Key struct {
	Lead     string `json:"lead"`
	Campaign string `json:"campaign,omitempty"`
	Step     string `json:"step"`
}

// String writes the key as campaign/lead/step, for messages.
func (k Key) String() string { return k.Campaign + "/" + k.Lead + "/" + k.Step }

// Entry is the outcome of asking the provider for one lead and step: the text it wrote
// and its review status, or why the template is used instead. It is what the cache
// keeps, so the provider is asked at most once per lead and step and a retry sends the
// same text.
type Entry struct {
	LeadKey  string `json:"lead"`
	Campaign string `json:"campaign,omitempty"`
	StepID   string `json:"step"`
	// Text is the accepted AI text; "" when the template is used (see Fallback).
	Text   string `json:"text,omitempty"`
	Status Status `json:"status"`
	// Fallback, when set, says why the template is used for this lead and step.
	Fallback *Fallback `json:"fallback,omitempty"`
	// Tokens is what producing the entry cost, prompt and completion together, and
	// Cost the same in money at the budget's prices.
	Tokens    int       `json:"tokens"`
	Cost      float64   `json:"cost"`
	CreatedAt time.Time `json:"created_at"`
	// Payload is what the caller keeps with the entry, opaque to the Writer: the
	// runtime keeps the action that waits for the review, to send it once a person
	// has decided.
	Payload string `json:"payload,omitempty"`
	// SentAt is when the action waiting for the review was sent; zero until then.
	SentAt time.Time `json:"sent_at,omitzero"`
}

// Key returns the entry's key.
func (e Entry) Key() Key { return Key{Lead: e.LeadKey, Campaign: e.Campaign, Step: e.StepID} }

// Cache keeps one Entry per lead, campaign and step. Implementations backed by the
// database let entries survive restarts and be listed in the tasks view.
type Cache interface {
	// Get returns the entry of the key; found is false when there is none.
	Get(ctx context.Context, k Key) (e Entry, found bool, err error)
	// Put stores e under its key, replacing any earlier entry.
	Put(ctx context.Context, e Entry) error
}

// EntryFilter selects entries for the review list.
type EntryFilter struct {
	// Statuses selects entries in these statuses; nil selects all.
	Statuses []Status
	// Unsent selects only entries with a Payload that was not sent yet.
	Unsent bool
}

// Store is a Cache that can also list entries and mark a held action sent, and keep the
// budget's daily spend: what the review flow and a durable Writer need. The SQLite and
// PostgreSQL stores implement it, MemoryCache too.
type Store interface {
	Cache
	SpendStore
	// Entries returns the entries the filter selects, oldest first.
	Entries(ctx context.Context, f EntryFilter) ([]Entry, error)
	// MarkSent records that the action held with the entry was sent at at.
	// Errors: ENOTFOUND.
	MarkSent(ctx context.Context, k Key, at time.Time) error
}

// MemoryCache is a Store in memory, for tests and single-process runs.
type MemoryCache struct {
	mu      sync.Mutex
	entries map[Key]Entry
	spend   map[string]Spend
}

var _ Store = (*MemoryCache)(nil)

// NewMemoryCache returns an empty MemoryCache.
func NewMemoryCache() *MemoryCache {
	return &MemoryCache{entries: map[Key]Entry{}, spend: map[string]Spend{}}
}

// Get returns the entry of the key.
func (c *MemoryCache) Get(_ context.Context, k Key) (Entry, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	return e, ok, nil
}

// Put stores e.
func (c *MemoryCache) Put(_ context.Context, e Entry) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[e.Key()] = e
	return nil
}

// Entries returns the entries f selects, oldest first.
func (c *MemoryCache) Entries(_ context.Context, f EntryFilter) ([]Entry, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Entry
	for _, e := range c.entries {
		if f.Match(e) {
			out = append(out, e)
		}
	}
	SortEntries(out)
	return out, nil
}

// MarkSent records that the entry's held action was sent.
func (c *MemoryCache) MarkSent(_ context.Context, k Key, at time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok {
		return errNoEntry(k)
	}
	e.SentAt = at
	c.entries[k] = e
	return nil
}

// DaySpend returns the spend recorded for day.
func (c *MemoryCache) DaySpend(_ context.Context, day string) (Spend, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.spend[day], nil
}

// AddSpend adds s to day's spend.
func (c *MemoryCache) AddSpend(_ context.Context, day string, s Spend) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.spend[day]
	t.Tokens += s.Tokens
	t.Cost += s.Cost
	c.spend[day] = t
	return nil
}

// Pending returns the entries waiting for review, oldest first, for the tasks view.
func (c *MemoryCache) Pending() []Entry {
	out, _ := c.Entries(context.Background(), EntryFilter{Statuses: []Status{StatusNeedsReview}})
	return out
}

// Len returns the number of entries.
func (c *MemoryCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// Match reports whether the filter selects e.
func (f EntryFilter) Match(e Entry) bool {
	if f.Statuses != nil && !slices.Contains(f.Statuses, e.Status) {
		return false
	}
	return !f.Unsent || e.Payload != "" && e.SentAt.IsZero()
}

// SortEntries orders entries oldest first, then by key.
func SortEntries(es []Entry) {
	slices.SortFunc(es, func(a, b Entry) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.Key().String(), b.Key().String())
	})
}
