package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// Two stores on one file stand for two worker processes: their writes must queue on
// SQLite's lock (busy timeout) rather than fail, and each key must win exactly once.
func TestConcurrentWritersShareOneFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	var stores [2]*Store
	for i := range stores {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	if err := stores[0].CreateAccount(ctx, newAccount("alice")); err != nil {
		t.Fatal(err)
	}

	const workers, perWorker = 4, 50
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		conflicts int
		errs      []error
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[w%2]
			for i := 0; i < perWorker; i++ {
				// Workers 0/1 and 2/3 race for the same keys, as two processes that
				// picked up the same step would.
				a := &paceline.Action{
					Key: fmt.Sprintf("w%d-%d", w/2, i), At: clock.Add(time.Duration(i) * time.Millisecond),
					Account: "alice", Kind: paceline.KindVisit, Result: paceline.ResultDone,
				}
				err := s.RecordAction(ctx, a)
				mu.Lock()
				switch paceline.ErrorCode(err) {
				case "":
				case paceline.ECONFLICT:
					conflicts++
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
	got, err := stores[1].Actions(ctx, "alice", clock, clock.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != workers/2*perWorker || conflicts != workers/2*perWorker {
		t.Fatalf("%d actions stored and %d conflicts, want %d of each", len(got), conflicts, workers/2*perWorker)
	}
}
