package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// --skip-contacted DAYS leaves out, as its help and docs/api.md say, the leads any
// account reached out to in the last DAYS days "for another campaign or none": Dee,
// messaged by hand 3 days ago by the campaign's own seat (an archive import: no
// campaign), was enrolled by --skip-contacted 30 and got the cold opener 3 days after
// a personal message from the same seat. She is left out now. Without the flag the
// start is not refused for her: the seat's own contact is not another account's.
func TestSkipContactedLeavesOutOwnSeatsHandContact(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(t *testing.T, db string) {
		ctx := context.Background()
		mustCLI(t, db, "accounts", "add", "--name", "acme-seat", "--type", "free", "--time-zone", "Europe/London")
		mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "acme.csv", "First Name,Last Name,URL\n"+
			"Dee,Dev,https://www.linkedin.com/in/dee-dev\n"+
			"Eve,Ops,https://www.linkedin.com/in/eve-ops\n"), "--list", "acme")
		st := openTestStore(t, db)
		now := time.Now().UTC().Truncate(time.Microsecond)
		a := paceline.Action{Key: "a/dee", At: now.AddDate(0, 0, -3), Account: "acme-seat", Lead: "dee-dev",
			Kind: paceline.KindMessage, Result: paceline.ResultDone, Step: "s"}
		if err := st.RecordAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
		mustCLI(t, db, "campaigns", "create", "--name", "acme-q4", "--list", "acme", "--accounts", "acme-seat")
		code, out, stderr := cli(t, db, "campaigns", "start", "acme-q4", "--skip-contacted", "30")
		if code != exitOK || !strings.Contains(out, ": 1 lead enrolled now") || !strings.Contains(out, "1 contacted by an account within the days --skip-contacted gave") {
			t.Errorf("start --skip-contacted 30: exit %d\nstdout:\n%s\nstderr:\n%s\nwant Dee (messaged by the seat 3 days ago) left out, Eve alone enrolled", code, out, stderr)
		}

		mustCLI(t, db, "campaigns", "create", "--name", "acme-q4b", "--list", "acme", "--accounts", "acme-seat")
		mustCLI(t, db, "campaigns", "stop", "acme-q4")
		code, out, stderr = cli(t, db, "campaigns", "start", "acme-q4b")
		if code != exitOK || !strings.Contains(out, ": 2 leads enrolled now") || strings.Contains(stderr, "not this campaign's") {
			t.Errorf("start of acme-q4b without flags: exit %d\nstdout:\n%s\nstderr:\n%s\nwant Dee enrolled without a refusal or a warning (her seat's own contact)", code, out, stderr)
		}
	})
}
