package sqlite_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/sqlite"
)

// A store holds accounts and the ledger the Pacer counts from.
func Example() {
	dir, err := os.MkdirTemp("", "paceline-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(dir, "paceline.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	err = s.CreateAccount(ctx, &paceline.Account{
		Name: "alice-free", Type: paceline.TypeFree, Executor: paceline.ExecutorSim,
		TimeZone: "Europe/Paris", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays,
		MinGap: paceline.DefaultMinGap, Safety: 1,
		Caps: map[paceline.ActionKind]int{paceline.KindInvite: 60},
	})
	if err != nil {
		log.Fatal(err)
	}

	monday := time.Date(2026, 3, 2, 9, 15, 0, 0, time.UTC)
	for i, lead := range []string{"in/jane", "in/joe"} {
		err := s.RecordAction(ctx, &paceline.Action{
			Key: "founders-q1/connect/" + lead, At: monday.Add(time.Duration(i) * 2 * time.Minute),
			Account: "alice-free", Kind: paceline.KindInvite, Lead: lead, Result: paceline.ResultDone,
		})
		if err != nil {
			log.Fatal(err)
		}
	}
	// The same step delivered twice is refused, so an executor retry cannot double-send.
	err = s.RecordAction(ctx, &paceline.Action{
		Key: "founders-q1/connect/in/jane", At: monday.Add(time.Hour),
		Account: "alice-free", Kind: paceline.KindInvite, Lead: "in/jane", Result: paceline.ResultDone,
	})
	fmt.Println(paceline.ErrorCode(err))

	week, err := s.Actions(ctx, "alice-free", monday.Add(-7*24*time.Hour), monday.Add(time.Hour))
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range week {
		fmt.Println(a.At.Format(time.RFC3339), a.Kind, a.Lead)
	}
	// Output:
	// conflict
	// 2026-03-02T09:15:00Z invite in/jane
	// 2026-03-02T09:17:00Z invite in/joe
}
