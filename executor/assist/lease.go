package assist

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/paceline/paceline"
)

// DefaultLeaseTTL is how long an agent holds a task before it is offered again.
const DefaultLeaseTTL = 5 * time.Minute

// Lease gives holder the account's oldest offered task for ttl (never past the end of
// the task's working day), after a Sweep. Two agents never hold one task: the lease is
// a compare-and-set from offered, and the loser tries the next task.
// Errors: ENOTFOUND when nothing is due.
func (d *Desk) Lease(ctx context.Context, account, holder string, ttl time.Duration) (*paceline.Task, error) {
	if ttl <= 0 {
		ttl = DefaultLeaseTTL
	}
	if _, err := d.Sweep(ctx, account); err != nil {
		return nil, err
	}
	offered, err := d.Store.Tasks(ctx, paceline.TaskFilter{Account: account, States: []paceline.TaskState{paceline.TaskOffered}})
	if err != nil {
		return nil, err
	}
	now := d.now()
	for _, t := range offered {
		id, err := leaseID()
		if err != nil {
			return nil, err
		}
		t.State, t.Holder, t.LeaseID, t.LeaseUntil = paceline.TaskLeased, holder, id, now.Add(ttl)
		if t.Expires.Before(t.LeaseUntil) {
			t.LeaseUntil = t.Expires
		}
		switch err := d.Store.UpdateTask(ctx, t, paceline.TaskOffered); paceline.ErrorCode(err) {
		case "":
			return t, nil
		case paceline.ECONFLICT:
			continue // another agent took it first
		default:
			return nil, err
		}
	}
	if acct, err := d.Store.Account(ctx, account); err == nil && acct.State == paceline.AccountPaused {
		return nil, paceline.Errorf(paceline.ENOTFOUND, "no task is due for account %s: it is paused (paceline accounts resume %s)", account, account)
	}
	return nil, paceline.Errorf(paceline.ENOTFOUND, "no task is due for account %s", account)
}

func leaseID() (string, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("make a lease id: %w", err)
	}
	return "ls_" + hex.EncodeToString(b[:]), nil
}
