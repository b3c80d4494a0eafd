package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
	"github.com/paceline/paceline/store/sqlite"
)

// A started campaign whose step is held for a lead's blank company takes a template
// with a default from campaigns edit (a change of structure, or of anything but the
// sequence, is still refused); the edit names the held lead and the command that
// resumes it; once resumed, the running runner, not restarted, sends the step with the
// default, and a step no lead had reached yet goes out with its new text too.
func TestCampaignsEditTextsOfAStartedCampaign(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "leads.csv", heldCSV), "--list", "held")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "sales-navigator",
		"--working-hours", "00:00-24:00", "--working-days", "mon,tue,wed,thu,fri,sat,sun", "--min-gap", "0s", "--beyond-safe-limits")
	mustCLI(t, db, "campaigns", "create", "--name", "held", "--list", "held", "--accounts", "alice", "--sequence", writeFile(t, dir, "held.yaml", runtimetest.HeldSequence))
	mustCLI(t, db, "campaigns", "start", "held")

	// One runner for the whole test: serve is not restarted by an edit.
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	x := &runtimetest.Bodies{}
	clock := &mailClock{t: time.Now().UTC().Add(time.Minute)}
	r := &runtime.Runner{Store: st, Clock: clock, Executor: x, Seed: 1}
	tick := func(d time.Duration) {
		t.Helper()
		runtimetest.TickFor(t, r, "alice", &clock.t, d)
	}
	tick(24 * time.Hour)
	if got := x.Of("tom-baker"); len(got) != 0 {
		t.Fatalf("tom, whose company is blank, was sent %q", got)
	}
	if out := mustCLI(t, db, "tasks", "held"); !strings.Contains(out, "fill the lead's company in") || !strings.Contains(out, "paceline campaigns edit held --sequence FILE") {
		t.Fatalf("tasks held should say to fill the company in or give the template a default with campaigns edit:\n%s", out)
	}

	// A change of structure is refused, naming the step, its line and what to do.
	moved := writeFile(t, dir, "moved.yaml", strings.Replace(runtimetest.HeldSequence, "delay: 30d", "delay: 20d", 1))
	code, _, errOut := cli(t, db, "campaigns", "edit", "held", "--sequence", moved)
	if code != exitFailed || !strings.Contains(errOut, "line 6, step later: delay changed from 30d to 20d") ||
		!strings.Contains(errOut, "paceline campaigns stop held") || !strings.Contains(errOut, "campaigns create") {
		t.Errorf("structural edit: exit %d\n%s", code, errOut)
	}
	// The fix, with another flag: refused as any change but the texts is.
	fixed := writeFile(t, dir, "fixed.yaml", strings.NewReplacer(
		"how is {{company}} doing?", `how is {{company | default: \"your team\"}} doing?`,
		"Still there, {{first_name}}?", "Any news, {{first_name}}?").Replace(runtimetest.HeldSequence))
	code, _, errOut = cli(t, db, "campaigns", "edit", "held", "--sequence", fixed, "--priority", "3")
	if code != exitFailed || !strings.Contains(errOut, "campaign held is active, not a draft") {
		t.Errorf("edit of texts and priority: exit %d\n%s", code, errOut)
	}
	// A template whose note or field checks fail is refused as create refuses it.
	bad := writeFile(t, dir, "bad.yaml", strings.Replace(runtimetest.HeldSequence, "{{company}}", "{{compnay}}", 1))
	if code, _, errOut := cli(t, db, "campaigns", "edit", "held", "--sequence", bad); code != exitFailed || !strings.Contains(errOut, "compnay") {
		t.Errorf("edit with an unknown field: exit %d\n%s", code, errOut)
	}

	code, out, errOut := cli(t, db, "campaigns", "edit", "held", "--sequence", fixed)
	for _, want := range []string{
		"Edited the texts of campaign held (active)", "step hello (line 3): body", "step later (line 5): body",
		"Leads waiting on these steps get the new texts when the step is next rendered",
		"1 lead is held for review", "tom-baker, step hello: paceline tasks resume --campaign held --lead tom-baker",
	} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("edit of the texts: exit %d, output lacks %q:\n%s\n%s", code, want, out, errOut)
		}
	}
	if out := mustCLI(t, db, "campaigns", "edit", "held", "--sequence", fixed); !strings.Contains(out, "No text of campaign held changes") {
		t.Errorf("the same file again: %s", out)
	}
	if out := mustCLI(t, db, "tasks", "held"); !strings.Contains(out, "the lead's fields are filled in now: resume") {
		t.Errorf("tasks held after the edit should say the step can go out once resumed:\n%s", out)
	}

	mustCLI(t, db, "tasks", "resume", "--campaign", "held", "--lead", "tom-baker")
	tick(24 * time.Hour)
	if got := x.Of("tom-baker"); len(got) != 1 || got[0] != "Hi Tom, how is your team doing?" {
		t.Fatalf("tom was sent %q after the edit and the resume, want the InMail with the default", got)
	}
	tick(31 * 24 * time.Hour)
	if got := x.Of("lena-fischer"); !slices.Equal(got, []string{"Hi Lena, how is Acme GmbH doing?", "Any news, Lena?"}) {
		t.Fatalf("lena was sent %q, want the second InMail with its new text", got)
	}

	// A paused campaign takes new texts too, and stays paused.
	mustCLI(t, db, "campaigns", "pause", "held", "--reason", "rewording")
	again := writeFile(t, dir, "again.yaml", strings.Replace(runtimetest.HeldSequence, "A question", "One question", 1))
	if out := mustCLI(t, db, "campaigns", "edit", "held", "--sequence", again); !strings.Contains(out, "Edited the texts of campaign held (paused)") ||
		!strings.Contains(out, "step hello (line 3): subject, body") {
		t.Errorf("edit of a paused campaign: %s", out)
	}
	if out := mustCLI(t, db, "campaigns", "list"); !strings.Contains(out, "paused") {
		t.Errorf("the campaign no longer paused after the edit:\n%s", out)
	}
}
