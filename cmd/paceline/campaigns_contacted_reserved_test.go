package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/executor/assist"
)

// A hand-off task waiting for a person (offered, its slot reserved in the ledger) has
// sent nothing: the funnels and campaigns status leave it out (api.Carried), and so
// does a start's look at the leads other accounts contacted. It counted: a start was
// refused for a lead another client's person had not invited yet. A task done as sent
// counts as the invite it is.
func TestCampaignStartCountsOnlyHandOffTasksSent(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(t *testing.T, db string) {
		ctx := context.Background()
		mustCLI(t, db, "accounts", "add", "--name", "acme-seat", "--type", "free", "--time-zone", "Europe/London")
		mustCLI(t, db, "accounts", "add", "--name", "globex-seat", "--type", "free", "--executor", "assist",
			"--working-hours", "00:00-24:00", "--working-days", "mon,tue,wed,thu,fri,sat,sun", "--min-gap", "0s",
			"--beyond-safe-limits", "--cap", "invite=100000")
		mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "acme.csv", "First Name,Last Name,URL\n"+
			"Dee,Dev,https://www.linkedin.com/in/dee-dev\n"+
			"Eve,Ops,https://www.linkedin.com/in/eve-ops\n"), "--list", "acme")
		st := openTestStore(t, db)
		desk := &assist.Desk{Store: st.(assist.Store)}
		now := time.Now().UTC().Truncate(time.Microsecond)
		// Globex's seat hands off an invite to each, for its person to send.
		for i, lead := range []string{"dee-dev", "eve-ops"} {
			a := paceline.Action{Key: "globex-q4/" + lead + "/connect", At: now.Add(time.Duration(i-60) * time.Second), Account: "globex-seat",
				Kind: paceline.KindInvite, Lead: lead, Campaign: "globex-q4", Step: "connect"}
			out, err := desk.ExecuteText(ctx, a, engine.Text{})
			if err != nil {
				t.Fatal(err)
			}
			a.Result = out.Result
			if err := st.RecordAction(ctx, &a); err != nil {
				t.Fatal(err)
			}
		}
		// The person sends Eve's; Dee's waits.
		for _, task := range tasksJSON(t, db) {
			if task.Lead == "eve-ops" {
				mustCLI(t, db, "tasks", "done", strconv.FormatInt(task.ID, 10))
			}
		}
		mustCLI(t, db, "campaigns", "create", "--name", "acme-q4", "--list", "acme", "--accounts", "acme-seat")
		code, out, stderr := cli(t, db, "campaigns", "start", "acme-q4")
		if code != 1 || !strings.Contains(stderr, "would enroll 1 lead that accounts not of this campaign contacted in the last 100 days (1 by account globex-seat)") {
			t.Errorf("start with Eve invited by globex-seat's person and Dee's invite waiting: exit %d\nstdout:\n%s\nstderr:\n%s\nwant refused for Eve alone", code, out, stderr)
		}
		code, out, stderr = cli(t, db, "campaigns", "start", "acme-q4", "--skip-contacted", "30")
		if code != exitOK || !strings.Contains(out, ": 1 lead enrolled now") {
			t.Errorf("start --skip-contacted 30: exit %d\nstdout:\n%s\nstderr:\n%s\nwant Dee enrolled (nothing sent to her), Eve left out", code, out, stderr)
		}
	})
}
