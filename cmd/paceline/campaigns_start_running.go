package main

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// runningLeadLister says which campaign each running lead runs in, as both stores do.
type runningLeadLister interface {
	RunningLeadCampaigns(ctx context.Context) (map[string]string, error)
}

var (
	_ runningLeadLister = (*sqlite.Store)(nil)
	_ runningLeadLister = (*postgres.Store)(nil)
)

// runningCampaigns maps the reference of every lead running (new, active or waiting)
// in a campaign, whatever that campaign's state, to that campaign: a start does not
// enroll one running elsewhere (a lead runs in one enrollment at a time) and says
// where it runs, and tells the leads going on in the campaign itself from those that
// went through it. A store that cannot tell gives nil: the start then counts every
// lead an enrollment names as the campaign's own, as it did before it could tell.
func runningCampaigns(ctx context.Context, st runtimeStore) (map[string]string, error) {
	ls, ok := st.(runningLeadLister)
	if !ok {
		return nil, nil
	}
	running, err := ls.RunningLeadCampaigns(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the leads running in campaigns: %w", err)
	}
	return running, nil
}

// campaignOf returns the campaign in running that runs the lead under any of the
// references the runtime may have written it by (namedIn's), or "".
func campaignOf(l *paceline.Lead, running map[string]string) string {
	if c := running[l.RuntimeRef()]; c != "" {
		return c
	}
	for _, ref := range leadRefs(l) {
		if c := running[ref]; c != "" {
			return c
		}
	}
	return ""
}

// leadRefs returns the references the runtime may have written the lead by: each
// key's own, and in:SLUG for a profile (namedIn's).
func leadRefs(l *paceline.Lead) []string {
	var refs []string
	for _, k := range lead.Keys(l) {
		refs = append(refs, k.RuntimeRef())
		if k.Type == lead.KeyProfile {
			refs = append(refs, "in:"+k.Value)
		}
	}
	return refs
}
