package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/paceline/paceline/lead"
)

// The human summary says how many running enrollments a merge stopped, and why; the
// line is absent when the import stopped none, as the JSON field is.
func TestImportSummaryNamesStoppedEnrollments(t *testing.T) {
	for _, c := range []struct {
		stopped int
		want    string
	}{
		{0, ""},
		{1, "  1 running enrollment stopped: their person was merged into a lead another campaign runs\n"},
		{2, "  2 running enrollments stopped: their person was merged into a lead another campaign runs\n"},
	} {
		rep := &lead.ImportReport{Preset: "generic", Rows: 1, Duplicates: 1, Updated: 1, Merged: 1, EnrollmentsStopped: c.stopped}
		var b bytes.Buffer
		if err := writeImportSummary(&b, "in.csv", "p.db", rep); err != nil {
			t.Fatal(err)
		}
		got := b.String()
		if c.want == "" && strings.Contains(got, "enrollment") {
			t.Errorf("stopped 0: the summary names enrollments:\n%s", got)
		}
		if c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("stopped %d: the summary lacks %q:\n%s", c.stopped, c.want, got)
		}
		js, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		if has := strings.Contains(string(js), `"enrollments_stopped"`); has != (c.stopped > 0) {
			t.Errorf("stopped %d: JSON %s", c.stopped, js)
		}
	}
}
