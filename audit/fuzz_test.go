package audit

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// FuzzReadActions feeds arbitrary bytes to the actions.csv reader: it must never panic,
// every error must name the file and a line, and whatever it accepts must survive a
// write and a second read unchanged.
func FuzzReadActions(f *testing.F) {
	for _, seed := range []string{
		goodActions,
		"at,account,kind,lead,result,note\n2027-03-01T10:00:00+01:00,ana,invite,x,done,true\n",
		"\ufeffresult,lead,kind,account,at\r\ndone,x,visit,ana,2027-03-01T10:00:00.5Z\r\n",
		"at,account,kind,lead,result\n2027-03-01T10:00:00Z,ana,invite,\"x\ny\",done\n",
		"at,account,kind,lead,result\n2027-03-01T10:00:00Z,ana,invite,\"x,done\n",
		"at,account,kind,lead,result\n2027-13-01T10:00:00Z,ana,invite,x,done\n",
		"at,account,kind,lead,result\n",
		"at,at\n",
		"",
		"at,account,kind,lead,result,key,campaign,step\n0000-01-01T00:00:00Z,a,Open-Profile-Message,,failed,k,c,s\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		actions, err := readActions(bytes.NewReader(data), "actions.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "actions.csv line ") {
				t.Fatalf("error does not name a line: %v", err)
			}
			if paceline.ErrorCode(err) != paceline.EINVALID {
				t.Fatalf("error code %q for bad input: %v", paceline.ErrorCode(err), err)
			}
			return
		}
		for _, a := range actions {
			if a.Account == "" || !a.Kind.Valid() || (a.Result != paceline.ResultDone && a.Result != paceline.ResultRefused && a.Result != paceline.ResultFailed) {
				t.Fatalf("accepted an invalid action %+v", a)
			}
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		if err := writeActions(w, actions); err != nil {
			t.Fatalf("cannot write back what was read: %v", err)
		}
		w.Flush()
		again, err := readActions(&buf, "again.csv")
		if err != nil {
			t.Fatalf("cannot read back what was written: %v\n%s", err, buf.Bytes())
		}
		if len(again) != len(actions) {
			t.Fatalf("read back %d actions, want %d", len(again), len(actions))
		}
		for i := range actions {
			a, b := actions[i], again[i]
			if !a.At.Equal(b.At) {
				t.Fatalf("action %d at %s, then %s", i, a.At, b.At)
			}
			a.At, b.At = time.Time{}, time.Time{}
			if a != b {
				t.Fatalf("action %d changed in the round trip:\n%+v\n%+v", i, a, b)
			}
		}
	})
}

// FuzzReadAccounts does the same for accounts.csv, without the round trip.
func FuzzReadAccounts(f *testing.F) {
	for _, seed := range []string{
		goodAccounts,
		"account,type,time_zone,working_hours,working_days,min_gap,weekly_invite_cap,weekly_message_cap,daily_visit_cap,note_quota_monthly\n" +
			"a,sales-navigator,America/New_York,08:30-24:00,sat-mon,,1,,3,\n",
		"account,type,time_zone,working_hours,working_days,min_gap,weekly_invite_cap,weekly_message_cap,weekly_x_cap\n",
		"account,type\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		accounts, _, err := readAccounts(bytes.NewReader(data), "accounts.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "accounts.csv line ") {
				t.Fatalf("error does not name a line: %v", err)
			}
			return
		}
		for _, a := range accounts {
			if a.Name == "" || a.Location == nil || a.Hours.End <= a.Hours.Start || a.Days == 0 || a.MinGap < 0 {
				t.Fatalf("accepted an invalid account %+v", a)
			}
		}
	})
}
