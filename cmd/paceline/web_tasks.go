package main

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/executor/assist"
)

// taskDesk adapts executor/assist's Desk to the dashboard's and the API's TaskDesk:
// a listing first expires what nobody did in time (Sweep), as the Desk asks.
type taskDesk struct {
	store interface {
		paceline.AccountStore
		Tasks(ctx context.Context, f paceline.TaskFilter) ([]*paceline.Task, error)
	}
	desk *assist.Desk
}

var _ api.TaskDesk = taskDesk{}

// OpenTasks sweeps the assisted accounts (one, or all when account is ""), then lists
// their open tasks, oldest slot first.
func (d taskDesk) OpenTasks(ctx context.Context, account string) ([]*paceline.Task, error) {
	accts, err := d.store.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range accts {
		if (account == "" || a.Name == account) && (a.Executor == paceline.ExecutorAssist || a.Executor == paceline.ExecutorAgent) {
			if _, err := d.desk.Sweep(ctx, a.Name); err != nil {
				return nil, err
			}
		}
	}
	return d.store.Tasks(ctx, paceline.TaskFilter{Account: account})
}

// FinishTask records a person's outcome, as `paceline tasks` does.
func (d taskDesk) FinishTask(ctx context.Context, id int64, outcome string) (*paceline.Task, error) {
	o, err := assist.ParseOutcome(outcome)
	if err != nil {
		return nil, err
	}
	return d.desk.Finish(ctx, id, assist.Report{Outcome: o})
}
