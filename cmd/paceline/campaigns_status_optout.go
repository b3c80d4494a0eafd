package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/runtime"
)

// optedOutRunning counts the campaign's running enrollments whose lead is on the
// suppression list: a lead who opted out (leads optout, the API, the dashboard) while
// its enrollment waits, for an accept or a delay. The runtime stops such an enrollment
// only when its next step comes due (the outbox asks the list before each action), so
// until then its row says running; campaigns status counts it as stopped, as it will
// be, not as active. It reads the running enrollments of each of the campaign's
// accounts (a paused campaign's are not read: no tick runs them) and asks the list by
// every key the enrollment knows of its lead, as the runtime does.
func optedOutRunning(ctx context.Context, st runtimeStore, c *paceline.Campaign) (int, error) {
	n := 0
	for _, acct := range c.Accounts {
		recs, err := st.RunningEnrollments(ctx, acct)
		if err != nil {
			return 0, fmt.Errorf("read the running enrollments of %s: %w", acct, err)
		}
		for _, rec := range recs {
			if rec.Campaign != c.Name {
				continue
			}
			var f runtime.LeadFacts
			if err := json.Unmarshal([]byte(rec.LeadFacts), &f); err != nil {
				return 0, fmt.Errorf("enrollment %d: read lead facts: %w", rec.ID, err)
			}
			keys := lead.Keys(&paceline.Lead{ProfileKey: f.ProfileKey, SalesKey: f.SalesKey, Email: f.Email})
			if k, err := lead.ParseRef(rec.Lead); err == nil {
				keys = append(keys, k)
			}
			if len(keys) == 0 {
				continue
			}
			out, err := st.IsSuppressed(ctx, keys...)
			if err != nil {
				return 0, fmt.Errorf("enrollment %d: %w", rec.ID, err)
			}
			if out {
				n++
			}
		}
	}
	return n, nil
}
