package personalize

import (
	"math/rand/v2"

	"github.com/paceline/paceline"
)

// Assignment records which variant of a step one lead got. The caller stores it with
// the enrollment the first time the step is rendered and passes it back on every retry,
// preview and re-render, so the lead always gets the text the first attempt chose:
// the variant is fixed by the stored id and the spintax by Seed.
type Assignment struct {
	LeadKey string `json:"lead"`
	StepID  string `json:"step"`
	Variant string `json:"variant"`
}

// Seed is the spintax seed of the assignment's lead and step (see Seed).
func (a Assignment) Seed() uint64 { return Seed(a.LeadKey, a.StepID) }

// Assign returns the lead's variant for the step. With a stored variant id (from an
// earlier Assign) it returns that one and fresh is false: a retry must not re-draw.
// Otherwise the bandit chooses with r and fresh is true: store the assignment before
// sending. A stored id the bandit no longer knows (the variant was removed from the
// sequence) is an error, because the lead's text can then no longer be re-rendered.
func Assign(b *Bandit, r *rand.Rand, leadKey, stepID, stored string) (a Assignment, fresh bool, err error) {
	a = Assignment{LeadKey: leadKey, StepID: stepID}
	if stored != "" {
		b.mu.Lock()
		_, err := b.index(stored)
		b.mu.Unlock()
		if err != nil {
			return a, false, paceline.Errorf(paceline.ECONFLICT, "step %s: lead %s was given variant %q, which the step no longer has; put the variant back or move the lead on by hand", stepID, leadKey, stored)
		}
		a.Variant = stored
		return a, false, nil
	}
	a.Variant = b.Choose(r)
	return a, true, nil
}
