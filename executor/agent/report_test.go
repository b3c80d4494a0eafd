package agent

import "testing"

// An agent may name the lead of an event in any form a person would: each becomes the
// reference the runtime knows the lead by, so the event reaches its enrollment.
func TestReportReadsEveryFormOfLead(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://www.linkedin.com/in/Ada-L/?trk=x": "ada-l",
		"Ada-L":              "ada-l",
		"in:ada-l":           "ada-l",
		"Ada@Acme.com":       "email:ada@acme.com",
		"email:ada@acme.com": "email:ada@acme.com",
		"https://www.linkedin.com/sales/lead/ACwAA1,NAME": "sales:ACwAA1",
	} {
		rep, err := report(OutcomeRequest{Lease: "ls_1", Result: "done", Events: []EventReport{{Type: "replied", Lead: in}}})
		if err != nil || len(rep.Events) != 1 || rep.Events[0].Lead != want {
			t.Errorf("lead %q: %+v, %v; want %q", in, rep.Events, err, want)
		}
	}
}
