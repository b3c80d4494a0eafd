package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/shellword"
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

// nobodyEnrolled refuses a start that enrolled no lead into a campaign that has none
// yet, saying why each lead of the list was left out and what to do; nil when the
// start enrolled someone, or when the campaign already holds leads (a resume, or a
// start again that found nothing new). A refused start leaves the campaign as it was:
// a lead imported later is enrolled only by a later start, so an active campaign
// with nobody in it would send nothing and read as working. cli says whether the
// user typed the command (its flags are named) or used the API or the dashboard.
func nobodyEnrolled(c *paceline.Campaign, res enrolled, cli bool) error {
	if res.added > 0 || res.inThis > 0 || res.ended > 0 {
		return nil
	}
	list := shellword.Quote(c.List)
	importHint := "paceline leads import FILE --list " + cmpOr(list, "NAME")
	if !cli {
		importHint += ", or the Leads page"
	}
	start := "paceline campaigns start " + shellword.Quote(c.Name)
	left := res.optedOut + res.noKey + res.replied
	for _, n := range res.inOther {
		left += n
	}
	if left == 0 {
		return paceline.Errorf(paceline.EINVALID,
			"list %q has no lead to enroll: import some into it first (%s), then start campaign %s again", c.List, importHint, c.Name)
	}
	var why, todo []string
	if res.optedOut > 0 {
		why = append(why, fmt.Sprintf("%d opted out", res.optedOut))
	}
	others := make([]string, 0, len(res.inOther))
	for name := range res.inOther {
		others = append(others, name)
	}
	slices.Sort(others)
	for _, name := range others {
		why = append(why, fmt.Sprintf("%d already running in campaign %s", res.inOther[name], name))
	}
	if len(others) > 0 {
		todo = append(todo, fmt.Sprintf("a lead runs in one campaign at a time: one running in another campaign can be enrolled by starting %s again once its enrollment there has ended", c.Name))
	}
	if res.replied > 0 {
		why = append(why, fmt.Sprintf("%d replied before", res.replied))
		if cli {
			todo = append(todo, "start with --include-replied to enroll those who replied anyway")
		} else {
			todo = append(todo, fmt.Sprintf("%s --include-replied enrolls those who replied anyway", start))
		}
	}
	if res.noKey > 0 {
		why = append(why, fmt.Sprintf("%d %s no profile URL, Sales Navigator URL or email", res.noKey, plural.Verb(res.noKey, "has", "have")))
	}
	todo = append(todo, fmt.Sprintf("import other leads into the list (%s) and start again", importHint))
	return paceline.Errorf(paceline.EINVALID,
		"list %q has no lead to enroll in campaign %s: of its %s, %s. Nothing was enrolled and the campaign stays %s. To go on: %s",
		c.List, c.Name, plural.Count(left, "lead"), strings.Join(why, ", "), c.State, strings.Join(todo, "; "))
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
