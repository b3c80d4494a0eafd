package api

import (
	"context"
	"fmt"

	"github.com/paceline/paceline/score"
)

// parsedRules is the last kept ruleset the API parsed, with its text: the text is read
// again on every request (another process, paceline leads score --icp, may have put
// other rules in force meanwhile), and parsed again only when it changed.
type parsedRules struct {
	yaml  string
	rules *score.Rules
}

// LeadRules returns the ICP rules whose sentences explain the stored scores: the
// rules the database keeps in force (Deps.Leads), read now, else Deps.Rules. Kept
// rules that this paceline no longer parses are logged and Deps.Rules explain instead
// (a line whose rule they lack keeps its name and points only), since showing a lead
// must not fail for them; imports and rescoring refuse them with what to do.
func (a *API) LeadRules(ctx context.Context) (*score.Rules, error) {
	kept, ok, err := a.deps.Leads.ICPRules(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the ICP rules that explain scores: %w", err)
	}
	if !ok {
		return a.deps.Rules, nil
	}
	if p := a.parsed.Load(); p != nil && p.yaml == kept.YAML {
		return p.rules, nil
	}
	rules, err := kept.Rules()
	if err != nil {
		a.deps.logger().Warn("score explanations use the rules the server was given", "error", err)
		rules = a.deps.Rules
	}
	a.parsed.Store(&parsedRules{yaml: kept.YAML, rules: rules})
	return rules, nil
}
