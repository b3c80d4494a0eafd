package main

import (
	"strings"
	"testing"
)

// The QA case: a recruiter found a typo in her sequence after campaigns start. Edit is
// refused once started, a pause holds the leads, and a corrected campaign on the same
// list was refused because they ran in the first one, "once its enrollment there has
// ended", which in a paused campaign never happens. campaigns stop ends the first for
// good; the corrected campaign's start then takes its leads. The stopped campaign
// keeps its history, shows its state and refuses start, pause, edit, delete and a
// second stop (which changes nothing); a draft is refused. Both stores.
func TestCampaignStopFreesItsLeadsForACorrectedCampaign(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(t *testing.T, db string) {
		dir := t.TempDir()
		mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
		mustCLI(t, db, "leads", "import", writeFile(t, dir, "l.csv", heldCSV), "--list", "founders")
		mustCLI(t, db, "campaigns", "create", "--name", "backend-q1", "--list", "founders", "--accounts", "alice")
		mustCLI(t, db, "campaigns", "start", "backend-q1")
		mustCLI(t, db, "campaigns", "pause", "backend-q1")
		mustCLI(t, db, "campaigns", "create", "--name", "backend-q1-fixed", "--list", "founders", "--accounts", "alice")

		// Before: the corrected campaign is refused, and told how to end the other.
		code, _, errOut := cli(t, db, "campaigns", "start", "backend-q1-fixed")
		if code != exitFailed || !strings.Contains(errOut, "2 already running in campaign backend-q1") ||
			!strings.Contains(errOut, "paceline campaigns stop backend-q1 ends it for good") {
			t.Fatalf("start of the corrected campaign before the stop: exit %d, %q", code, errOut)
		}

		// A draft never started: delete is for it.
		code, out, errOut := cli(t, db, "campaigns", "stop", "backend-q1-fixed")
		if code != exitFailed || out != "" || !strings.Contains(errOut, "is a draft") || !strings.Contains(errOut, "paceline campaigns delete backend-q1-fixed") {
			t.Fatalf("stop of a draft: exit %d, %q, %q", code, out, errOut)
		}

		out = mustCLI(t, db, "campaigns", "stop", "backend-q1")
		if !strings.Contains(out, "Campaign backend-q1 is stopped for good: 2 enrollments ended (their leads are free for another campaign's start), 0 assisted tasks closed unsent.") ||
			!strings.Contains(out, "paceline campaigns status backend-q1") {
			t.Fatalf("stop said %q", out)
		}
		status := mustCLI(t, db, "campaigns", "status", "backend-q1")
		if !strings.Contains(status, "backend-q1 (stopped)") || !strings.Contains(status, "stopped 2)") {
			t.Errorf("status after the stop:\n%s", status)
		}
		if list := mustCLI(t, db, "campaigns", "list"); !strings.Contains(list, "backend-q1        stopped") && !strings.Contains(list, "stopped") {
			t.Errorf("list after the stop:\n%s", list)
		}

		for _, tc := range []struct {
			args []string
			want string
		}{
			{[]string{"campaigns", "start", "backend-q1"}, "a stopped campaign cannot be started again"},
			{[]string{"campaigns", "pause", "backend-q1"}, "there is nothing to pause"},
			{[]string{"campaigns", "edit", "backend-q1", "--priority", "3"}, "campaign backend-q1 is stopped"},
			{[]string{"campaigns", "delete", "backend-q1"}, "campaign backend-q1 is stopped"},
		} {
			code, _, errOut := cli(t, db, tc.args...)
			if code != exitFailed || !strings.Contains(errOut, tc.want) {
				t.Errorf("%s: exit %d, %q; want %q", strings.Join(tc.args, " "), code, errOut, tc.want)
			}
		}
		if out := mustCLI(t, db, "campaigns", "stop", "backend-q1"); !strings.Contains(out, "Campaign backend-q1 is already stopped (since ") ||
			!strings.Contains(out, "nothing changed") {
			t.Errorf("second stop said %q", out)
		}
		if status := mustCLI(t, db, "campaigns", "status", "backend-q1"); !strings.Contains(status, "backend-q1 (stopped)") || !strings.Contains(status, "stopped 2)") {
			t.Errorf("the refusals changed the stopped campaign:\n%s", status)
		}

		// After: the corrected campaign takes the leads.
		if out := mustCLI(t, db, "campaigns", "start", "backend-q1-fixed"); !strings.Contains(out, "2") {
			t.Errorf("start of the corrected campaign: %q", out)
		}
		if status := mustCLI(t, db, "campaigns", "status", "backend-q1-fixed"); !strings.Contains(status, "backend-q1-fixed (active)") || !strings.Contains(status, "enrolled\t2") && !strings.Contains(status, "active 2") {
			t.Errorf("status of the corrected campaign:\n%s", status)
		}
	})
}
