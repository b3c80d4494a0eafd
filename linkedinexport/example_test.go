package linkedinexport_test

import (
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/linkedinexport"
)

// The shape of `paceline linkedin import-archive FILE --account A`: open the archive,
// reconcile it against the leads the store knows, record the invites and events (the
// store's key dedupe makes a re-import a no-op), and report what did not match.
func Example() {
	a, err := linkedinexport.Open("testdata/archive", linkedinexport.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer a.Close()

	leads := linkedinexport.NewLeadMap([]paceline.Lead{
		{ProfileKey: "zoe-dupont"}, {ProfileKey: "jordan-lee"}, {ProfileKey: "li-wei-8a7b6c"},
	}, func(l *paceline.Lead) string { return l.ProfileKey })
	paris, _ := time.LoadLocation("Europe/Paris")

	res, err := linkedinexport.Reconcile(a, linkedinexport.Options{
		Account: "alex", Location: paris, Leads: leads,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, act := range res.Invites {
		fmt.Println("invite", act.Lead, act.At.UTC().Format(time.RFC3339), act.Key)
	}
	for _, ev := range res.Events {
		fmt.Println(ev.Type, ev.Lead, ev.At.UTC().Format(time.RFC3339), ev.Key)
	}
	by := linkedinexport.CountByCause(res.Unmatched)
	fmt.Println("unmatched:", res.Counts.Unmatched, "of them unknown people:", by[linkedinexport.CauseUnknownLead])
	// Output:
	// invite zoe-dupont 2026-01-10T08:15:00Z archive:alex:invite:in:zoe-dupont:2026-01-10T09:15
	// invite jordan-lee 2026-01-29T13:37:00Z archive:alex:invite:in:jordan-lee:2026-01-29T14:37
	// accepted zoe-dupont 2026-01-14T23:00:00Z archive:alex:accepted:in:zoe-dupont
	// replied zoe-dupont 2026-01-16T12:30:00Z archive:alex:replied:in:zoe-dupont:2026-01-16T12:30:00Z
	// unmatched: 14 of them unknown people: 8
}
