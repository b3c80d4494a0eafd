package postgres

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// Two stores on one database stand for two worker processes: each sees what the other
// wrote, and when both carry out the same steps each key is recorded exactly once.
func TestTwoStoresShareOneDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	u := newSchema(t)
	var stores [2]*Store
	for i := range stores {
		s, err := Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		s.NowFunc = func() time.Time { return clock }
		stores[i] = s
	}
	a := &paceline.Account{
		Name: "alice", Type: paceline.TypeFree, Executor: paceline.ExecutorSim,
		TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays,
		MinGap: paceline.DefaultMinGap, Safety: 1,
	}
	if err := stores[0].CreateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := stores[1].Account(ctx, "alice"); err != nil {
		t.Fatalf("second store does not see the account: %v", err)
	}

	const steps = 40
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		won  [2]int
		errs []error
	)
	for w, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < steps; i++ {
				err := s.RecordAction(ctx, &paceline.Action{
					Key: fmt.Sprintf("c1/connect/lead-%d", i), At: clock.Add(time.Duration(i) * time.Minute),
					Account: "alice", Kind: paceline.KindInvite, Result: paceline.ResultDone,
				})
				mu.Lock()
				switch paceline.ErrorCode(err) {
				case "":
					won[w]++
				case paceline.ECONFLICT:
				default:
					errs = append(errs, err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}
	for _, s := range stores {
		got, err := s.Actions(ctx, "alice", clock.Add(-time.Hour), clock.Add(steps*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != steps || won[0]+won[1] != steps {
			t.Fatalf("%d actions seen, %d+%d recorded, want %d", len(got), won[0], won[1], steps)
		}
	}
}
