package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/runtime"
)

// optedOutRunning reports whether a running enrollment's lead is on the suppression
// list: a lead who opted out (leads optout, the API, the dashboard) while its
// enrollment waits, for an accept or a delay, or while its account is paused. The
// runtime stops such an enrollment only when its next step comes due (the
// outbox asks the list before each action), so until then its row says running;
// campaigns status counts it as stopped, as it will be, not as active
// (stoppingRunning). It asks the list by every key the enrollment knows of its lead,
// as the runtime does.
func optedOutRunning(ctx context.Context, st runtimeStore, rec paceline.EnrollmentRecord) (bool, error) {
	var f runtime.LeadFacts
	if err := json.Unmarshal([]byte(rec.LeadFacts), &f); err != nil {
		return false, fmt.Errorf("enrollment %d: read lead facts: %w", rec.ID, err)
	}
	keys := lead.Keys(&paceline.Lead{ProfileKey: f.ProfileKey, SalesKey: f.SalesKey, Email: f.Email})
	if k, err := lead.ParseRef(rec.Lead); err == nil {
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return false, nil
	}
	out, err := st.IsSuppressed(ctx, keys...)
	if err != nil {
		return false, fmt.Errorf("enrollment %d: %w", rec.ID, err)
	}
	return out, nil
}
