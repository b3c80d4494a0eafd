package audit_test

import (
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
)

// An account that may send two invites a week sends three on one Monday, the first
// before its working hours begin.
func ExampleCheck() {
	l := &audit.Ledger{
		Accounts: []audit.Account{{
			Name: "alice", Type: paceline.TypeFree, Location: time.UTC,
			Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays, MinGap: 90 * time.Second,
			WeeklyCaps:       map[paceline.ActionKind]int{paceline.KindInvite: 2},
			NoteQuotaMonthly: -1,
		}},
	}
	for _, h := range []int{8, 10, 11} {
		l.Actions = append(l.Actions, paceline.Action{
			At: time.Date(2027, 3, 1, h, 0, 0, 0, time.UTC), Account: "alice",
			Kind: paceline.KindInvite, Result: paceline.ResultDone,
		})
	}
	r := audit.Check(l)
	for _, v := range r.Details {
		fmt.Println(v.At.Format(time.Kitchen), v.Rule)
	}
	fmt.Println(r.Violations, "violations")
	// Output:
	// 8:00AM working_hours
	// 11:00AM weekly_cap
	// 2 violations
}
