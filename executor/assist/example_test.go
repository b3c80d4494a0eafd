package assist_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/store/sqlite"
)

// A due invite becomes a task for a person; marking it sent keeps its slot counted.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "assist")
	defer os.RemoveAll(dir)
	st, _ := sqlite.Open(ctx, filepath.Join(dir, "paceline.db"))
	defer st.Close()
	_ = st.CreateAccount(ctx, &paceline.Account{
		Name: "alex", Type: paceline.TypeFree, Executor: paceline.ExecutorAssist, TimeZone: "Europe/Paris",
		Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays, MinGap: paceline.DefaultMinGap, Safety: 1,
	})
	slot := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) // Monday 11:00 in Paris
	desk := &assist.Desk{Store: st, NowFunc: func() time.Time { return slot }}

	// The engine (through the runtime's outbox) hands the action over at its slot.
	a := paceline.Action{Key: "q1/ada-lovelace/connect", At: slot, Account: "alex", Kind: paceline.KindInvite,
		Lead: "ada-lovelace", WithNote: true, Campaign: "q1", Step: "connect"}
	out, _ := desk.ExecuteText(ctx, a, engine.Text{Note: "Hi Ada, I read your notes on the engine."})
	a.Result = out.Result
	_ = st.RecordAction(ctx, &a)

	tasks, _ := st.Tasks(ctx, paceline.TaskFilter{Account: "alex"})
	t := tasks[0]
	fmt.Println(t.State, "until", t.Expires.In(time.UTC).Format("15:04 MST"))
	fmt.Println(t.Todo)
	fmt.Println(t.Text)

	done, _ := desk.Finish(ctx, t.ID, assist.Report{Outcome: assist.OutcomeSent})
	fmt.Println(done.State)
	// Output:
	// offered until 17:00 UTC
	// Send a connection request to https://www.linkedin.com/in/ada-lovelace/ with the note below, pasted as written.
	// Hi Ada, I read your notes on the engine.
	// done
}
