package web

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
)

// variantRow is one variant of one step on the campaigns page.
type variantRow struct {
	Step, Goal, ID   string
	Sends, Successes int
	// Rate is successes over sends; HasRate is false before the first send.
	Rate                      float64
	HasRate                   bool
	Mean, Low, High, ProbBest float64
	Frozen                    bool
}

// campaignVariants returns the rows of the campaign's A/B tests, nil when the server
// keeps no enrollments (the demo) or the campaign is known only from the ledger or
// tests no variants.
func (s *Server) campaignVariants(ctx context.Context, campaign string) ([]variantRow, error) {
	vs, ok := s.deps.API.Campaigns.(runtime.VariantStore)
	if !ok || vs == nil {
		return nil, nil
	}
	steps, err := runtime.VariantReport(ctx, vs, campaign)
	if paceline.ErrorCode(err) == paceline.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var rows []variantRow
	for _, st := range steps {
		for _, v := range st.Variants {
			r := variantRow{Step: st.Step, Goal: string(st.Goal), ID: v.ID, Sends: v.Sends, Successes: v.Successes,
				Mean: v.Mean, Low: v.Low, High: v.High, ProbBest: v.ProbBest, Frozen: v.Frozen}
			if v.Sends > 0 {
				r.Rate, r.HasRate = float64(v.Successes)/float64(v.Sends), true
			}
			rows = append(rows, r)
		}
	}
	return rows, nil
}
