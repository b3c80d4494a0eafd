package apitest

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/store/sqlite"
)

// Desk adapts executor/assist's Desk to api.TaskDesk, as cmd/paceline does.
type Desk struct {
	Store *sqlite.Store
	Desk  *assist.Desk
}

var _ api.TaskDesk = Desk{}

// OpenTasks sweeps the assisted accounts, then lists their open tasks.
func (d Desk) OpenTasks(ctx context.Context, account string) ([]*paceline.Task, error) {
	accts, err := d.Store.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range accts {
		if (account == "" || a.Name == account) && (a.Executor == paceline.ExecutorAssist || a.Executor == paceline.ExecutorAgent) {
			if _, err := d.Desk.Sweep(ctx, a.Name); err != nil {
				return nil, err
			}
		}
	}
	return d.Store.Tasks(ctx, paceline.TaskFilter{Account: account})
}

// FinishTask records a person's outcome.
func (d Desk) FinishTask(ctx context.Context, id int64, outcome string) (*paceline.Task, error) {
	o, err := assist.ParseOutcome(outcome)
	if err != nil {
		return nil, err
	}
	return d.Desk.Finish(ctx, id, assist.Report{Outcome: o})
}
