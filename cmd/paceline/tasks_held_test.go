package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
	"github.com/paceline/paceline/store/sqlite"
)

// heldCSV has two leads; Tom's company is blank.
const heldCSV = "profileUrl,fullName,companyName\n" +
	"https://www.linkedin.com/in/lena-fischer,Lena Fischer,Acme GmbH\n" +
	"https://www.linkedin.com/in/tom-baker,Tom Baker,\n"

// tasks held lists the step held for Tom's blank company with what to do; tasks
// resume refuses a lead that is not held, warns when the field is still blank, and
// once a re-import fills the company in, wakes the account's tick, which sends the
// InMail with it.
func TestTasksHeldAndResume(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "leads.csv", heldCSV), "--list", "held")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "sales-navigator",
		"--working-hours", "00:00-24:00", "--working-days", "mon,tue,wed,thu,fri,sat,sun", "--min-gap", "0s", "--beyond-safe-limits")
	mustCLI(t, db, "campaigns", "create", "--name", "held", "--list", "held", "--accounts", "alice", "--sequence", writeFile(t, dir, "held.yaml", runtimetest.HeldSequence))
	mustCLI(t, db, "campaigns", "start", "held")

	ctx := context.Background()
	x := &runtimetest.Bodies{}
	clock := &mailClock{t: time.Now().UTC().Add(time.Minute)}
	tick := func(d time.Duration) {
		t.Helper()
		st, err := sqlite.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		r := &runtime.Runner{Store: st, Clock: clock, Executor: x, Seed: 1}
		runtimetest.TickFor(t, r, "alice", &clock.t, d)
	}
	tick(24 * time.Hour)
	if got := x.Of("lena-fischer"); len(got) != 1 || got[0] != "Hi Lena, how is Acme GmbH doing?" {
		t.Fatalf("lena was sent %q", got)
	}
	if got := x.Of("tom-baker"); len(got) != 0 {
		t.Fatalf("tom, whose company is blank, was sent %q", got)
	}

	var list []runtime.HeldStep
	if err := json.Unmarshal([]byte(mustCLI(t, db, "tasks", "held", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Lead != "tom-baker" || list[0].Campaign != "held" || list[0].Step != "hello" || list[0].Account != "alice" ||
		!strings.Contains(list[0].Why, "step hello") || !strings.Contains(list[0].Why, `"company"`) {
		t.Fatalf("held %+v, want tom's step hello naming the company", list)
	}
	out := mustCLI(t, db, "tasks", "held")
	for _, want := range []string{"held  tom-baker  step hello", "What to do: fill the lead's company in", "paceline tasks resume --campaign C --lead KEY"} {
		if !strings.Contains(out, want) {
			t.Errorf("tasks held lacks %q:\n%s", want, out)
		}
	}

	code, _, errOut := cli(t, db, "tasks", "resume", "--campaign", "held", "--lead", "lena-fischer")
	if code == exitOK || !strings.Contains(errOut, "not held for review") {
		t.Errorf("resume lena (not held): exit %d, %s", code, errOut)
	}
	code, _, errOut = cli(t, db, "tasks", "resume", "--campaign", "held")
	if code == exitOK || !strings.Contains(errOut, "--lead") {
		t.Errorf("resume without --lead: exit %d, %s", code, errOut)
	}

	// Resumed while the company is still blank: paceline says it will be held again. The
	// lead is named as leads list shows it (in:tom-baker), which names the same lead.
	code, out, errOut = cli(t, db, "tasks", "resume", "--campaign", "held", "--lead", "in:tom-baker")
	if code != exitOK || !strings.Contains(out, "Resumed step hello of tom-baker") || !strings.Contains(errOut, "will be held again") {
		t.Fatalf("resume with the company blank: exit %d\n%s\n%s", code, out, errOut)
	}
	tick(24 * time.Hour)
	if got := x.Of("tom-baker"); len(got) != 0 {
		t.Fatalf("tom was sent %q with his company blank", got)
	}

	// The re-import fills the company in; resuming wakes alice's tick (gone, as a tick
	// with nothing due ends its job) and the tick sends.
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "fixed.csv", strings.Replace(heldCSV, "Tom Baker,", "Tom Baker,Baker & Sons", 1)), "--list", "held")
	jobs := func(del bool) (n int) {
		t.Helper()
		st, err := sqlite.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		jdb, err := st.JobDB()
		if err != nil {
			t.Fatal(err)
		}
		defer jdb.Close()
		if del {
			_, err = jdb.ExecContext(ctx, `DELETE FROM river_job WHERE kind = ?`, runtime.TickArgs{}.Kind())
		} else {
			err = jdb.QueryRowContext(ctx, `SELECT count(*) FROM river_job WHERE kind = ? AND state = 'available'`, runtime.TickArgs{}.Kind()).Scan(&n)
		}
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	jobs(true)
	code, out, errOut = cli(t, db, "tasks", "resume", "--campaign", "held", "--lead", "tom-baker")
	if code != exitOK || !strings.Contains(out, "Resumed step hello of tom-baker") || errOut != "" {
		t.Fatalf("resume after the fix: exit %d\n%s\n%s", code, out, errOut)
	}
	if n := jobs(false); n != 1 {
		t.Errorf("tick jobs ready to run after the resume: %d, want alice's", n)
	}
	tick(24 * time.Hour)
	if got := x.Of("tom-baker"); len(got) != 1 || got[0] != "Hi Tom, how is Baker & Sons doing?" {
		t.Fatalf("tom was sent %q after the fix, want the InMail with his company", got)
	}
	if out := mustCLI(t, db, "tasks", "held"); !strings.Contains(out, "No step is held for review.") {
		t.Errorf("still held after the resume:\n%s", out)
	}
}
