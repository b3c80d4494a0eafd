package api_test

import (
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// A campaign without a list takes every lead of the database: a start of one that
// finds no lead to enroll says so of the database, not of a list named "", and tells
// how to import leads without a --list of an empty name.
func TestRefuseEmptyWithoutList(t *testing.T) {
	t.Parallel()
	c := &paceline.Campaign{Name: "q1", State: paceline.CampaignDraft}
	for _, tc := range []struct {
		name string
		n    api.StartCount
		cli  bool
		want []string
	}{
		{"no lead at all", api.StartCount{}, true, []string{
			"the database has no lead to enroll in campaign q1 (it has no list, so it takes every lead): import some first (paceline leads import FILE), then start campaign q1 again"}},
		{"no lead at all, from the dashboard", api.StartCount{}, false, []string{"(paceline leads import FILE, or the Leads page)"}},
		{"every lead left out", api.StartCount{Listed: 2, OptedOut: 2}, true, []string{
			"the database has no lead to enroll in campaign q1 (it has no list, so it takes every lead): of its 2 leads, 2 opted out.",
			"import other leads (paceline leads import FILE) and start again"}},
	} {
		err := tc.n.RefuseEmpty(c, tc.cli)
		if err == nil || paceline.ErrorCode(err) != paceline.EINVALID {
			t.Fatalf("%s: %v; want EINVALID", tc.name, err)
		}
		msg := paceline.ErrorMessage(err)
		for _, want := range tc.want {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: %s\nwant %q", tc.name, msg, want)
			}
		}
		for _, wrong := range []string{`list ""`, "--list ''", "--list NAME"} {
			if strings.Contains(msg, wrong) {
				t.Errorf("%s: %s\nsays %q of a campaign without a list", tc.name, msg, wrong)
			}
		}
	}
}
