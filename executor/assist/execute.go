package assist

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// Execute hands an action without words (a visit, a plain invite) to a person or an
// agent; see ExecuteText.
func (d *Desk) Execute(ctx context.Context, a paceline.Action) (engine.Outcome, error) {
	return d.ExecuteText(ctx, a, engine.Text{})
}

// ExecuteText stores the action as a task, offered now that its slot has come, and
// answers done: the slot is reserved in the ledger until the task's outcome keeps or
// releases it. Calling it again with the same key changes nothing.
func (d *Desk) ExecuteText(ctx context.Context, a paceline.Action, text engine.Text) (engine.Outcome, error) {
	sched, _, err := d.schedule(ctx, a.Account)
	if err != nil {
		return engine.Outcome{}, fmt.Errorf("hand off %s: %w", a.Key, err)
	}
	t := TaskFor(a, text)
	t.State, t.Due, t.Expires = paceline.TaskOffered, a.At, dayEnd(sched, a.At)
	if a.Kind == paceline.KindWithdraw {
		unsent, err := d.inviteUnsent(ctx, a)
		if err != nil {
			return engine.Outcome{}, fmt.Errorf("hand off %s: %w", a.Key, err)
		}
		if unsent {
			// The invite was skipped, failed or given up: there is nothing to withdraw,
			// and a person should not be asked to.
			t.State, t.Outcome, t.DoneAt = paceline.TaskDone, "nothing to withdraw: the invite was not sent", a.At
		}
	}
	if _, err := d.Store.CreateTask(ctx, t); err != nil {
		return engine.Outcome{}, fmt.Errorf("hand off %s: %w", a.Key, err)
	}
	return engine.Outcome{Result: paceline.ResultDone}, nil
}

// inviteUnsent reports whether the lead's latest invite task on the account ended
// without being sent. No invite task at all (an invite sent before the account was
// handed off) is not "unsent".
func (d *Desk) inviteUnsent(ctx context.Context, a paceline.Action) (bool, error) {
	all := []paceline.TaskState{paceline.TaskPlanned, paceline.TaskOffered, paceline.TaskLeased, paceline.TaskDone,
		paceline.TaskSkipped, paceline.TaskFailed, paceline.TaskExpired}
	tasks, err := d.Store.Tasks(ctx, paceline.TaskFilter{Account: a.Account, Lead: a.Lead, States: all})
	if err != nil {
		return false, err
	}
	var last *paceline.Task
	for _, t := range tasks {
		if t.Kind == paceline.KindInvite && (last == nil || t.ID > last.ID) {
			last = t
		}
	}
	return last != nil && (last.State == paceline.TaskSkipped || last.State == paceline.TaskFailed || last.State == paceline.TaskExpired), nil
}

// Executed tells the runtime's reconciliation whether the action was handed off: a
// task for the key means its slot was reserved.
func (d *Desk) Executed(ctx context.Context, key string) (engine.Outcome, bool, error) {
	_, err := d.Store.TaskByKey(ctx, key)
	switch paceline.ErrorCode(err) {
	case "":
		return engine.Outcome{Result: paceline.ResultDone}, true, nil
	case paceline.ENOTFOUND:
		return engine.Outcome{}, false, nil
	}
	return engine.Outcome{}, false, err
}

// TaskFor builds the task of an action: the profile link from the lead's key, the
// words to paste, and what to do.
func TaskFor(a paceline.Action, text engine.Text) *paceline.Task {
	t := &paceline.Task{
		Account: a.Account, Key: a.Key, Kind: a.Kind, Lead: a.Lead, WithNote: a.WithNote && text.Note != "",
		Campaign: a.Campaign, Step: a.Step, ProfileURL: ProfileURL(a.Lead), Subject: text.Subject,
		Text: text.For(a.Kind),
	}
	t.Todo = Todo(t)
	return t
}

// ProfileURL returns the LinkedIn address of a lead known by its engine key (a
// profile slug, "sales:" and a Sales Navigator id, or "email:" and an address, which
// has none).
func ProfileURL(leadKey string) string {
	var l paceline.Lead
	switch {
	case len(leadKey) > 6 && leadKey[:6] == "email:":
		return ""
	case len(leadKey) > 6 && leadKey[:6] == "sales:":
		l.SalesKey = leadKey[6:]
	default:
		l.ProfileKey = leadKey
	}
	return l.ProfileURL()
}

// Todo says in one sentence what the person has to do on LinkedIn.
func Todo(t *paceline.Task) string {
	who := t.ProfileURL
	if who == "" {
		who = t.Lead
	}
	switch t.Kind {
	case paceline.KindInvite:
		if t.Text != "" {
			return "Send a connection request to " + who + " with the note below, pasted as written."
		}
		return "Send a connection request to " + who + " without a note."
	case paceline.KindMessage:
		return "Send the message below to " + who + " (you are connected)."
	case paceline.KindInMail:
		return "Send the InMail below, subject and body, to " + who + " (it uses one InMail credit)."
	case paceline.KindOpenProfileMessage:
		return "Send the message below to " + who + " as a free Open Profile message (no InMail credit)."
	case paceline.KindWithdraw:
		return "Withdraw the pending invitation to " + who + " (My Network, Manage, Sent)."
	case paceline.KindVisit:
		return "Open " + who + " and look through the profile."
	case paceline.KindFollow:
		return "Follow " + who + "."
	case paceline.KindLikePost:
		return "Like a recent post of " + who + "."
	case paceline.KindEndorse:
		return "Endorse one of the skills of " + who + "."
	case paceline.KindEmail:
		return "Send the email below to " + who + "."
	}
	return "Do the " + string(t.Kind) + " for " + who + "."
}
