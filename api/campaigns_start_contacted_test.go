package api_test

import (
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// A start tells the leads its own accounts reached for another campaign (a note) from
// those another account reached (a warning that says how to leave them out), and the
// dashboard's lines hold both; a lead left out by --skip-contacted is counted.
func TestContactedLinesSplitByAccount(t *testing.T) {
	t.Parallel()
	n := api.StartCount{Listed: 6, Enrolled: 5, SkippedContacted: 1}
	n.Contacted("acme-old")
	n.ContactedBy("globex-seat")
	n.ContactedBy("globex-seat")
	n.ContactedBy("initech-seat")
	r := n.Report(paceline.CampaignDraft, 0)
	if r.ContactedByOtherAccounts["globex-seat"] != 2 || r.ContactedByOtherAccounts["initech-seat"] != 1 || r.ContactedBefore["acme-old"] != 1 ||
		r.LeftOut[api.LeftContactedRecently] != 1 || r.LeftOut[api.LeftEnrolledMeanwhile] != 0 {
		t.Errorf("report: %+v", r)
	}
	notes := strings.Join(r.ContactedNotes(), "\n")
	if notes != "Note: 1 lead enrolled now was contacted before by this campaign's accounts for campaign acme-old: it gets this campaign's steps too (a connection is messaged, not invited again)." {
		t.Errorf("notes:\n%s", notes)
	}
	warning := r.OtherAccountsWarning("acme q4")
	if len(warning) != 2 ||
		warning[0] != "Warning: 3 leads enrolled now were contacted in the last 100 days by accounts that are not this campaign's (2 by account globex-seat, 1 by account initech-seat): they hear from a second LinkedIn account now." ||
		!strings.Contains(warning[1], "(paceline campaigns stop 'acme q4') and start a copy of it with --skip-contacted DAYS") {
		t.Errorf("warning:\n%s", strings.Join(warning, "\n"))
	}
	if got := r.ContactedLines(); len(got) != 3 || !strings.Contains(got[2], "paceline campaigns stop NAME") {
		t.Errorf("the dashboard's lines:\n%s", strings.Join(got, "\n"))
	}
	if got := strings.Join(r.LeftOutLines(&paceline.Campaign{Name: "acme q4", List: "acme"}, true), "\n"); !strings.Contains(got, "  1 contacted by an account within the days --skip-contacted gave (left out as asked)") {
		t.Errorf("left out:\n%s", got)
	}
	if (api.StartCount{}).Report(paceline.CampaignDraft, 0).OtherAccountsWarning("q") != nil {
		t.Error("a warning with no lead contacted by another account")
	}
}
