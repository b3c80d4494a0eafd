package runtime

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/personalize"
	"github.com/paceline/paceline/sequence"
)

// VariantStore is what VariantReport reads: the campaign's sequence and the engine
// snapshots of all its enrollments, running and ended. Both stores implement it.
type VariantStore interface {
	Campaign(ctx context.Context, name string) (*paceline.Campaign, error)
	CampaignSnapshots(ctx context.Context, campaign string) ([]string, error)
}

// StepVariants is the A/B test of one step of a campaign: what counts as success, the
// variant the step is frozen on ("" while it still learns), and each variant's sends,
// successes and posterior (personalize.Bandit.Report), in the sequence's order.
type StepVariants struct {
	Step     string                      `json:"step"`
	Goal     paceline.EventKind          `json:"goal"`
	Frozen   string                      `json:"frozen,omitempty"`
	Variants []personalize.VariantReport `json:"variants"`
}

// reportSeed seeds the Monte Carlo draws of a variant report, so the same counts
// always give the same figures.
const reportSeed = 0x76617269616e7473 // "variants"

// VariantReport describes every step of the campaign that has variants, in sequence
// order, rebuilding each step's bandit from the counts the enrollments' snapshots keep
// (a variant counts as sent once its action was done, as a success once the step's
// goal followed). A campaign without variants gives an empty report. Errors:
// ENOTFOUND for an unknown campaign.
func VariantReport(ctx context.Context, st VariantStore, campaign string) ([]StepVariants, error) {
	c, err := st.Campaign(ctx, campaign)
	if err != nil {
		return nil, err
	}
	seq, err := sequence.Parse([]byte(c.Sequence))
	if err != nil {
		return nil, fmt.Errorf("read the sequence of campaign %s: %w", campaign, err)
	}
	snaps, err := st.CampaignSnapshots(ctx, campaign)
	if err != nil {
		return nil, err
	}
	type count struct{ sends, wins int }
	counts := map[[2]string]*count{} // by step id and variant id
	for _, s := range snaps {
		var snap struct {
			Variants []engine.VariantUse `json:"variants"`
		}
		if err := json.Unmarshal([]byte(s), &snap); err != nil {
			return nil, fmt.Errorf("read an enrollment of campaign %s: %w", campaign, err)
		}
		for _, u := range snap.Variants {
			if !u.Sent {
				continue
			}
			k := [2]string{u.Step, u.Variant}
			if counts[k] == nil {
				counts[k] = &count{}
			}
			counts[k].sends++
			if u.Success {
				counts[k].wins++
			}
		}
	}
	out := []StepVariants{}
	for i := range seq.Steps {
		step := &seq.Steps[i]
		if len(step.Variants) == 0 {
			continue
		}
		b, err := step.Bandit()
		if err != nil {
			return nil, fmt.Errorf("campaign %s: %w", campaign, err)
		}
		for _, id := range step.VariantIDs() {
			// A variant since removed from the step is dropped, as the engine drops it.
			if n := counts[[2]string{step.ID, id}]; n != nil {
				if err := b.Observe(id, n.sends, n.wins); err != nil {
					return nil, fmt.Errorf("campaign %s step %s: %w", campaign, step.ID, err)
				}
			}
		}
		out = append(out, StepVariants{
			Step:     step.ID,
			Goal:     sequence.Goal(step.Kind),
			Frozen:   b.Frozen(),
			Variants: b.Report(rand.New(rand.NewPCG(reportSeed, uint64(i))), 0),
		})
	}
	return out, nil
}
