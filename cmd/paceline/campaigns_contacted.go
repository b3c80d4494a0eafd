package main

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/limits"
)

// contactedElsewhere maps each lead the campaign's accounts reached out to for another
// campaign in the ledger's last limits.History (an invite, a message, an InMail, an
// Open Profile message or an email that went out) to that campaign, the latest when
// several: a start says how many of the leads it enrolls were contacted before, since
// they get its steps too (a connection is messaged again). A QA run stopped a campaign
// over a typo and started a corrected one on the same list: nine leads got the same
// message twice, and the start said nothing of it.
func contactedElsewhere(ctx context.Context, st runtimeStore, c *paceline.Campaign, now time.Time) (map[string]string, error) {
	out := map[string]string{}
	latest := map[string]time.Time{}
	for _, acct := range c.Accounts {
		actions, err := st.Actions(ctx, acct, now.Add(-limits.History), now.Add(time.Microsecond))
		if err != nil {
			return nil, fmt.Errorf("read what account %s sent: %w", acct, err)
		}
		for _, a := range actions {
			if a.Result != paceline.ResultDone || a.Lead == "" || a.Campaign == "" || a.Campaign == c.Name || !outreach(a.Kind) {
				continue
			}
			if t, ok := latest[a.Lead]; !ok || a.At.After(t) {
				out[a.Lead], latest[a.Lead] = a.Campaign, a.At
			}
		}
	}
	return out, nil
}

// outreach reports whether an action of kind k asks the lead for an answer.
func outreach(k paceline.ActionKind) bool {
	switch k {
	case paceline.KindInvite, paceline.KindMessage, paceline.KindInMail, paceline.KindOpenProfileMessage, paceline.KindEmail:
		return true
	}
	return false
}

// contactedIn returns the campaign in contacted that reached the lead under any of the
// references the runtime may have written it by (namedIn's), or "".
func contactedIn(l *paceline.Lead, contacted map[string]string) string {
	for _, k := range lead.Keys(l) {
		if c := contacted[k.RuntimeRef()]; c != "" {
			return c
		}
		if k.Type == lead.KeyProfile {
			if c := contacted["in:"+k.Value]; c != "" {
				return c
			}
		}
	}
	return ""
}
