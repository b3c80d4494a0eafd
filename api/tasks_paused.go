package api

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
)

// TaskStatePaused is the state a task view shows for a planned task of a paused
// account or campaign. The desk keeps such a task planned (it is offered again at a
// slot the Pacer gives once the pause ends), so "planned" with its old slot read as
// a time it would be offered at, which never came.
const TaskStatePaused = "paused"

// CampaignReader reads one stored campaign. Errors: ENOTFOUND.
type CampaignReader interface {
	Campaign(ctx context.Context, name string) (*paceline.Campaign, error)
}

// ViewTasks is the API's view of a list of tasks, as ViewTask, with the planned tasks
// of a paused account or campaign shown as paused and why. campaigns may be nil (the
// server keeps no campaigns): only accounts then pause tasks.
func ViewTasks(ctx context.Context, accounts paceline.AccountStore, campaigns CampaignReader, list []*paceline.Task) ([]TaskView, error) {
	p := taskPauses{accounts: accounts, campaigns: campaigns, reasons: map[string]string{}}
	out := make([]TaskView, len(list))
	for i, t := range list {
		out[i] = ViewTask(t)
		if t.State != paceline.TaskPlanned {
			continue
		}
		why, err := p.reason(ctx, t)
		if err != nil {
			return nil, err
		}
		if why != "" {
			// The desk's outcome for a task it took back ("account paused") is said
			// by the reason; a waiting task has no outcome yet.
			out[i].State, out[i].PausedReason, out[i].Outcome = TaskStatePaused, why, ""
		}
	}
	return out, nil
}

func (a *API) viewTasks(ctx context.Context, list []*paceline.Task) ([]TaskView, error) {
	return ViewTasks(ctx, a.deps.Accounts, a.deps.Campaigns, list) // a nil store converts to a nil reader
}

// taskPauses says why a planned task waits for a pause to end, reading each account
// and campaign once per listing.
type taskPauses struct {
	accounts  paceline.AccountStore
	campaigns CampaignReader
	reasons   map[string]string // by "account\x00NAME" or "campaign\x00NAME"
}

// reason returns why the task waits for a resume, or "". A withdrawal is not held by
// its campaign's pause (the desk offers it regardless), only by its account's.
func (p *taskPauses) reason(ctx context.Context, t *paceline.Task) (string, error) {
	why, err := p.account(ctx, t.Account)
	if err != nil || why != "" || t.Campaign == "" || t.Kind == paceline.KindWithdraw {
		return why, err
	}
	return p.campaign(ctx, t.Campaign)
}

func (p *taskPauses) account(ctx context.Context, name string) (string, error) {
	key := "account\x00" + name
	if why, ok := p.reasons[key]; ok {
		return why, nil
	}
	why := ""
	acct, err := p.accounts.Account(ctx, name)
	switch {
	case paceline.ErrorCode(err) == paceline.ENOTFOUND:
	case err != nil:
		return "", fmt.Errorf("read the state of account %s: %w", name, err)
	case acct.State == paceline.AccountPaused:
		why = fmt.Sprintf("account %s is paused: its tasks are offered again at slots the Pacer gives once it resumes (paceline accounts resume %s)", name, shellword.Quote(name))
	}
	p.reasons[key] = why
	return why, nil
}

func (p *taskPauses) campaign(ctx context.Context, name string) (string, error) {
	key := "campaign\x00" + name
	if why, ok := p.reasons[key]; ok || p.campaigns == nil {
		return why, nil
	}
	why := ""
	c, err := p.campaigns.Campaign(ctx, name)
	switch {
	case paceline.ErrorCode(err) == paceline.ENOTFOUND:
	case err != nil:
		return "", fmt.Errorf("read the state of campaign %s: %w", name, err)
	case c.State == paceline.CampaignPaused:
		paused := "paused"
		if c.PausedReason != "" {
			paused += " (" + c.PausedReason + ")"
		}
		why = fmt.Sprintf("campaign %s is %s: its tasks are offered again at slots the Pacer gives once it runs again (paceline campaigns start %s)", name, paused, shellword.Quote(name))
	}
	p.reasons[key] = why
	return why, nil
}
