package postgres_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/postgres"
)

// Several worker processes open the same database; the first one to start migrates it
// and the others wait for it on an advisory lock. An unreachable server is an error the
// user can act on: it names host:port (never the password) and says what to check.
func Example() {
	ctx := context.Background()
	s, err := postgres.Open(ctx, "postgres://paceline:secret@db.internal:5432/paceline?sslmode=require")
	if paceline.ErrorCode(err) == paceline.EUNAVAILABLE {
		log.Fatal(paceline.ErrorMessage(err))
	}
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	monday := time.Date(2026, 3, 2, 9, 15, 0, 0, time.UTC)
	err = s.RecordAction(ctx, &paceline.Action{
		Key: "founders-q1/connect/in/jane", At: monday,
		Account: "alice-free", Kind: paceline.KindInvite, Lead: "in/jane", Result: paceline.ResultDone,
	})
	// A second worker that carried out the same step gets a conflict, not a second row.
	fmt.Println(paceline.ErrorCode(err) == paceline.ECONFLICT)
}
