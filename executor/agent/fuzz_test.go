package agent

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
)

// observable are the events an agent may report.
var observable = map[paceline.EventKind]bool{
	paceline.EventAccepted: true, paceline.EventReplied: true, paceline.EventWarning: true,
	paceline.EventLimitHit: true, paceline.EventRestricted: true,
}

// FuzzOutcomeRequest feeds arbitrary outcome bodies through the wire-to-report
// translation: it never panics, refuses with EINVALID only, and what it accepts names
// a known result and events whose leads are keys, never raw URLs.
func FuzzOutcomeRequest(f *testing.F) {
	for _, seed := range []string{
		`{"lease":"ls_1","result":"done"}`,
		`{"lease":"ls_1","result":"refused","events":[{"type":"limit_notice"}]}`,
		`{"lease":"ls_1","result":"done","events":[{"type":"accepted","lead":"https://www.linkedin.com/in/Ada-Lovelace/?trk=x"}]}`,
		`{"lease":"ls_1","result":"done","events":[{"type":"replied","lead":"https://www.linkedin.com/sales/lead/ACwAA1,NAME"}]}`,
		`{"lease":"ls_1","result":"failed","events":[{"type":"restricted","until":"2026-03-09T00:00:00Z"}]}`,
		`{"lease":"","result":"done"}`,
		`{"lease":"x","result":"posted"}`,
		`{"lease":"x","result":"done","events":[{"type":"liked"}]}`,
		`{"lease":"x","result":"done","events":[{"type":"replied","lead":"https://example.com/in/x"}]}`,
		`{"lease":"x","result":"done","events":[{"type":"replied","lead":"/in/"}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req OutcomeRequest
		if json.Unmarshal(body, &req) != nil {
			return
		}
		rep, err := report(req)
		if err != nil {
			if code := paceline.ErrorCode(err); code != paceline.EINVALID {
				t.Fatalf("report(%q): code %q, want invalid (%v)", body, code, err)
			}
			return
		}
		if _, perr := assist.ParseOutcome(string(rep.Outcome)); perr != nil || rep.Lease == "" {
			t.Fatalf("report(%q) accepted outcome %q lease %q", body, rep.Outcome, rep.Lease)
		}
		for _, e := range rep.Events {
			if strings.Contains(e.Lead, "/") || !observable[e.Type] {
				t.Fatalf("report(%q) kept event %+v", body, e)
			}
		}
	})
}
