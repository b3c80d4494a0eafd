package personalize

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"github.com/paceline/paceline"
)

// Bandit learns which variant of one step reaches the step's goal most often (accepted
// for invites, replied for messages) and sends more leads to it as evidence comes in.
//
// Each variant's success rate has a Beta(1+s, 1+f) posterior, with s successes and f
// sends that have not (yet) succeeded: a uniform prior updated by every outcome. Choose
// draws one rate from each posterior and picks the highest (Thompson sampling), so a
// variant is chosen with the probability that it is the best one: clear losers fade out
// quickly, close calls keep being explored. A send whose outcome is still pending counts
// as a failure until its success is recorded; every variant pays that lag alike.
//
// All randomness comes from the *rand.Rand the caller passes, so a seeded run repeats
// exactly. A Bandit is safe for concurrent use; the rand it is given is not, so callers
// that share one across goroutines must serialise their calls themselves.
type Bandit struct {
	mu     sync.Mutex
	stats  []VariantStats
	frozen string
}

// VariantStats are the counts the bandit learns from: how many leads got the variant
// and how many of them reached the step's goal.
type VariantStats struct {
	ID        string `json:"id"`
	Sends     int    `json:"sends"`
	Successes int    `json:"successes"`
}

// NewBandit returns a bandit over the variants with the given ids, in that order, with
// no sends yet. Load counts kept elsewhere (the ledger) with Observe.
func NewBandit(ids ...string) (*Bandit, error) {
	if len(ids) == 0 {
		return nil, paceline.FieldErrorf("variants", "a bandit needs at least one variant")
	}
	b := &Bandit{stats: make([]VariantStats, len(ids))}
	for i, id := range ids {
		if strings.TrimSpace(id) == "" {
			return nil, paceline.FieldErrorf("variants", "variant %d has no id; give every variant a short id such as a or short", i+1)
		}
		if slices.Contains(ids[:i], id) {
			return nil, paceline.FieldErrorf("variants", "variant id %q is used twice; give every variant its own id", id)
		}
		b.stats[i].ID = id
	}
	return b, nil
}

// index returns the position of variant id, or an error naming the known ids.
func (b *Bandit) index(id string) (int, error) {
	for i := range b.stats {
		if b.stats[i].ID == id {
			return i, nil
		}
	}
	ids := make([]string, len(b.stats))
	for i := range b.stats {
		ids[i] = b.stats[i].ID
	}
	return -1, paceline.Errorf(paceline.ENOTFOUND, "there is no variant %q (variants: %s)", id, strings.Join(ids, ", "))
}

// Observe replaces a variant's counts, typically with those counted from the ledger when
// the bandit is rebuilt after a restart.
func (b *Bandit) Observe(id string, sends, successes int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	i, err := b.index(id)
	if err != nil {
		return err
	}
	if sends < 0 || successes < 0 || successes > sends {
		return paceline.FieldErrorf("variants", "variant %q: %d successes from %d sends is impossible; counts are whole numbers and successes cannot exceed sends", id, successes, sends)
	}
	b.stats[i].Sends, b.stats[i].Successes = sends, successes
	return nil
}

// RecordSend counts one lead who was sent the variant. Count a send when the action is
// carried out, not when the variant is chosen: a held or failed action taught nothing.
func (b *Bandit) RecordSend(id string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	i, err := b.index(id)
	if err != nil {
		return err
	}
	b.stats[i].Sends++
	return nil
}

// RecordSuccess counts one lead who reached the step's goal after getting the variant.
func (b *Bandit) RecordSuccess(id string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	i, err := b.index(id)
	if err != nil {
		return err
	}
	if b.stats[i].Successes >= b.stats[i].Sends {
		return paceline.Errorf(paceline.ECONFLICT, "variant %q has %d successes from %d sends; record the send before its success", id, b.stats[i].Successes, b.stats[i].Sends)
	}
	b.stats[i].Successes++
	return nil
}

// Freeze stops the learning and sends every new lead the given variant, usually the
// winner once the report shows it clearly ahead. Counts keep being recorded.
func (b *Bandit) Freeze(id string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, err := b.index(id); err != nil {
		return err
	}
	b.frozen = id
	return nil
}

// Unfreeze resumes Thompson sampling.
func (b *Bandit) Unfreeze() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.frozen = ""
}

// Frozen returns the id of the frozen variant, or "" while the bandit learns.
func (b *Bandit) Frozen() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.frozen
}

// Stats returns a copy of every variant's counts, in the order of the ids given to
// NewBandit.
func (b *Bandit) Stats() []VariantStats {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.stats)
}

// Choose picks the variant for the next lead: the frozen one if any, otherwise the one
// whose posterior draw is highest. Ties go to the earlier variant.
func (b *Bandit) Choose(r *rand.Rand) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.frozen != "" {
		return b.frozen
	}
	return b.stats[b.draw(r)].ID
}

// draw returns the index of the variant with the highest posterior draw.
func (b *Bandit) draw(r *rand.Rand) int {
	best, bestTheta := 0, -1.0
	for i, s := range b.stats {
		if theta := betaSample(r, alpha(s), beta(s)); theta > bestTheta {
			best, bestTheta = i, theta
		}
	}
	return best
}

func alpha(s VariantStats) float64 { return float64(1 + s.Successes) }
func beta(s VariantStats) float64  { return float64(1 + s.Sends - s.Successes) }
