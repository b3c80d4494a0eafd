package api_test

import (
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// LeftOutLines gives every reason with its count, and only those that apply: the
// CLI prints them after a start, the dashboard shows them.
func TestLeftOutLines(t *testing.T) {
	t.Parallel()
	c := &paceline.Campaign{Name: "q 1", List: "founders"}
	for _, tc := range []struct {
		name string
		n    api.StartCount
		cli  bool
		want []string
	}{
		{"all enrolled", api.StartCount{Listed: 3, Enrolled: 3}, true, nil},
		{"resumed, nothing new", api.StartCount{Listed: 3, Running: 3}, true, nil},
		{"every reason", api.StartCount{Listed: 14, Enrolled: 2, Running: 1, Replied: 2, Bounced: 2, OptedOut: 1, Unreachable: 1, WentThrough: 1,
			Elsewhere: map[string]int{"zz": 1, "aa": 3}}, true, []string{
			"11 of the 14 leads of list founders were not enrolled:",
			"  3 already running in campaign aa (a lead runs in one campaign at a time: paceline campaigns start 'q 1' again enrolls them once they have ended there; paceline campaigns stop aa ends that campaign)",
			"  1 already running in campaign zz (a lead runs in one campaign at a time: paceline campaigns start 'q 1' again enrolls it once it has ended there; paceline campaigns stop zz ends that campaign)",
			"  2 leads who replied before were not enrolled (--include-replied enrolls them)",
			"  2 leads' email address bounced before (not emailed again at a dead address; --include-bounced enrolls them)",
			"  1 opted out (never contacted again)",
			"  1 has no profile URL, Sales Navigator URL or email, so no way to reach it with these accounts (import it again with one)",
			"  1 went through this campaign already (finished or stopped: a lead is enrolled in a campaign once)",
		}},
		{"from the dashboard", api.StartCount{Listed: 2, Enrolled: 1, Replied: 1}, false, []string{
			"1 of the 2 leads of list founders was not enrolled:",
			"  1 lead who replied before was not enrolled (paceline campaigns start 'q 1' --include-replied enrolls it)",
		}},
		{"bounced, from the dashboard", api.StartCount{Listed: 2, Enrolled: 1, Bounced: 1}, false, []string{
			"1 of the 2 leads of list founders was not enrolled:",
			"  1 lead's email address bounced before (not emailed again at a dead address; paceline campaigns start 'q 1' --include-bounced enrolls it)",
		}},
		{"skipped by the store", api.StartCount{Listed: 4, Enrolled: 2, OptedOut: 1}, true, []string{
			"2 of the 4 leads of list founders were not enrolled:",
			"  1 opted out (never contacted again)",
			"  1 enrolled meanwhile by another start (paceline campaigns start again says where)",
		}},
	} {
		got := tc.n.Report(paceline.CampaignDraft, 0).LeftOutLines(c, tc.cli)
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s:\n%s\nwant\n%s", tc.name, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}

// Headline says whether the start started, resumed or found the campaign active.
func TestStartHeadline(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		was   paceline.CampaignState
		going int
		n     api.StartCount
		want  string
	}{
		{paceline.CampaignDraft, 0, api.StartCount{Enrolled: 2}, "Campaign q1 is active: 2 leads enrolled now."},
		{paceline.CampaignPaused, 2, api.StartCount{}, "Campaign q1 resumed (2 leads go on where they stopped): 0 leads enrolled now."},
		{paceline.CampaignPaused, 1, api.StartCount{Enrolled: 1}, "Campaign q1 resumed (1 lead goes on where it stopped): 1 lead enrolled now."},
		{paceline.CampaignPaused, 0, api.StartCount{}, "Campaign q1 resumed (none of its leads was still running): 0 leads enrolled now."},
		{paceline.CampaignActive, 3, api.StartCount{}, "Campaign q1 is active (3 leads running in it already): 0 leads enrolled now."},
		// A count below the start's own (a lead stopping meanwhile) is none.
		{paceline.CampaignActive, -1, api.StartCount{}, "Campaign q1 is active: 0 leads enrolled now."},
	} {
		if got := tc.n.Report(tc.was, tc.going).Headline("q1"); got != tc.want {
			t.Errorf("%s with %d going on: %q, want %q", tc.was, tc.going, got, tc.want)
		}
	}
}

// A start that would enroll nobody because every lead's email bounced is refused,
// saying so and naming the flag (the CLI's) or the command (the API's).
func TestRefuseEmptyBounced(t *testing.T) {
	t.Parallel()
	c := &paceline.Campaign{Name: "q1", List: "founders", State: paceline.CampaignDraft}
	n := api.StartCount{Listed: 2, Bounced: 2}
	for _, tc := range []struct {
		cli  bool
		want string
	}{
		{true, "start with --include-bounced"},
		{false, "paceline campaigns start q1 --include-bounced"},
	} {
		err := n.RefuseEmpty(c, tc.cli)
		if err == nil || paceline.ErrorCode(err) != paceline.EINVALID ||
			!strings.Contains(err.Error(), "of its 2 leads, 2 leads' email address bounced before") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("cli %v: %v; want EINVALID naming the bounces and %q", tc.cli, err, tc.want)
		}
	}
}
