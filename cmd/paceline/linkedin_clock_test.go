package main

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/runtime"
)

// An archive imported into a database whose clock a sped-up run left ahead of the wall
// clock closes tasks at the database's instant, as the runtime reads it: the task was
// done at the wall clock, before the invite it stands for.
func TestImportArchiveDatedByTheDatabaseClock(t *testing.T) {
	t.Parallel()
	onBothStores(t, testImportArchiveDatedByTheDatabaseClock)
}

func testImportArchiveDatedByTheDatabaseClock(t *testing.T, db string) {
	archiveDB(t, db)
	ctx := context.Background()
	st := openTestStore(t, db)
	reached := time.Now().UTC().AddDate(0, 2, 0).Truncate(time.Second)
	if err := st.(runtime.Store).SetClock(ctx, 3000, reached, time.Now()); err != nil {
		t.Fatal(err)
	}
	desk := &assist.Desk{Store: st}
	a := paceline.Action{Key: "q1/bob-byte/connect", At: reached.Add(-time.Hour), Account: "me", Kind: paceline.KindInvite, Lead: "bob-byte"}
	if _, err := desk.ExecuteText(ctx, a, engine.Text{}); err != nil {
		t.Fatal(err)
	}
	a.Result = paceline.ResultDone
	if err := st.RecordAction(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if rep := importArchiveJSON(t, db, writeArchive(t, 0)); rep.TasksClosed != 1 {
		t.Fatalf("tasks closed = %d, want 1", rep.TasksClosed)
	}
	task, err := st.TaskByKey(ctx, a.Key)
	if err != nil {
		t.Fatal(err)
	}
	if task.State != paceline.TaskDone || task.DoneAt.Before(reached) {
		t.Fatalf("task closed %s at %s, want done at the database's clock (%s or later)", task.State, task.DoneAt, reached)
	}
}
