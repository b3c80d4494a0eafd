package aiwrite

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"
)

// Entry is the outcome of asking the provider for one lead and step: the text it wrote
// and its review status, or why the template is used instead. It is what the cache
// keeps, so the provider is asked at most once per lead and step and a retry sends the
// same text.
type Entry struct {
	LeadKey string `json:"lead"`
	StepID  string `json:"step"`
	// Text is the accepted AI text; "" when the template is used (see Fallback).
	Text   string `json:"text,omitempty"`
	Status Status `json:"status"`
	// Fallback, when set, says why the template is used for this lead and step.
	Fallback *Fallback `json:"fallback,omitempty"`
	// Tokens is what producing the entry cost, prompt and completion together.
	Tokens    int       `json:"tokens"`
	CreatedAt time.Time `json:"created_at"`
}

// Cache keeps one Entry per lead and step. Implementations backed by the database let
// entries survive restarts and be listed in the tasks view.
type Cache interface {
	// Get returns the entry of the lead and step; found is false when there is none.
	Get(ctx context.Context, leadKey, stepID string) (e Entry, found bool, err error)
	// Put stores e under its LeadKey and StepID, replacing any earlier entry.
	Put(ctx context.Context, e Entry) error
}

// MemoryCache is a Cache in memory, for tests and single-process runs.
type MemoryCache struct {
	mu      sync.Mutex
	entries map[[2]string]Entry
}

var _ Cache = (*MemoryCache)(nil)

// NewMemoryCache returns an empty MemoryCache.
func NewMemoryCache() *MemoryCache { return &MemoryCache{entries: map[[2]string]Entry{}} }

// Get returns the entry of the lead and step.
func (c *MemoryCache) Get(_ context.Context, leadKey, stepID string) (Entry, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[[2]string{leadKey, stepID}]
	return e, ok, nil
}

// Put stores e.
func (c *MemoryCache) Put(_ context.Context, e Entry) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[[2]string{e.LeadKey, e.StepID}] = e
	return nil
}

// Pending returns the entries waiting for review, oldest first, for the tasks view.
func (c *MemoryCache) Pending() []Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Entry
	for _, e := range c.entries {
		if e.Status == StatusNeedsReview {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b Entry) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.LeadKey+"\x00"+a.StepID, b.LeadKey+"\x00"+b.StepID)
	})
	return out
}

// Len returns the number of entries.
func (c *MemoryCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
