package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/runtime"
	"github.com/spf13/cobra"
)

func (a *app) tasksCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tasks",
		Short: "Work through the LinkedIn actions handed to you (assist) or to an agent",
		Long: `paceline never automates linkedin.com itself. On an account whose executor is assist
or agent, each action becomes a task when the Pacer's slot for it comes: the profile
link, the words to paste and what to do. Mark each one done; what is not done by the
end of its working day goes back to the Pacer and comes again at a later slot.`,
	}
	cmd.AddCommand(a.tasksListCmd(), a.tasksDoneCmd(), a.tasksTokenCmd(), a.tasksReviewCmd(), a.tasksHeldCmd(), a.tasksResumeCmd())
	return cmd
}

// taskView is a task as --json prints it.
type taskView struct {
	ID         int64  `json:"id"`
	Account    string `json:"account"`
	Kind       string `json:"kind"`
	Lead       string `json:"lead"`
	ProfileURL string `json:"profile_url,omitempty"`
	Todo       string `json:"todo"`
	Subject    string `json:"subject,omitempty"`
	Text       string `json:"text,omitempty"`
	WithNote   bool   `json:"with_note,omitempty"`
	Campaign   string `json:"campaign,omitempty"`
	Step       string `json:"step,omitempty"`
	// State is the task's state, or "paused" for a planned task of a paused account
	// or campaign (api.TaskStatePaused), as the API and the dashboard show it.
	State        string    `json:"state"`
	PausedReason string    `json:"paused_reason,omitempty"`
	Attempt      int       `json:"attempt"`
	Due          time.Time `json:"due"`
	Expires      time.Time `json:"expires,omitzero"`
	Holder       string    `json:"holder,omitempty"`
	LeaseUntil   time.Time `json:"lease_until,omitzero"`
	Outcome      string    `json:"outcome,omitempty"`
}

func viewTask(t *paceline.Task) taskView {
	return taskView{
		ID: t.ID, Account: t.Account, Kind: string(t.Kind), Lead: t.Lead, ProfileURL: t.ProfileURL, Todo: t.Todo,
		Subject: t.Subject, Text: t.Text, WithNote: t.WithNote, Campaign: t.Campaign, Step: t.Step,
		State: string(t.State), Attempt: t.Attempt, Due: t.Due, Expires: t.Expires, Holder: t.Holder,
		LeaseUntil: t.LeaseUntil, Outcome: t.Outcome,
	}
}

func (a *app) tasksListCmd() *cobra.Command {
	var account, state string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the tasks whose slot has come (and those planned for a later slot)",
		Example: `  paceline tasks list --account alice
  paceline tasks list --state expired --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			states, onlyPaused, err := parseTaskStates(state)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			return a.withAppStore(ctx, true, func(st appStore) error {
				now, _, err := databaseNow(ctx, st, time.Now())
				if err != nil {
					return err
				}
				if err := sweepAccounts(ctx, st, account, now); err != nil {
					return err
				}
				list, err := st.Tasks(ctx, paceline.TaskFilter{Account: account, States: states})
				if err != nil {
					return err
				}
				paused, err := pausedTasks(ctx, st, list)
				if err != nil {
					return err
				}
				if onlyPaused {
					list = keepPaused(list, paused)
				}
				if asJSON {
					views := make([]taskView, len(list))
					for i, t := range list {
						views[i] = viewTask(t)
						if why := paused[t.ID]; why != "" {
							views[i].State, views[i].PausedReason, views[i].Outcome = api.TaskStatePaused, why, ""
						}
					}
					return writeJSON(a.stdout, views)
				}
				zones, err := accountZones(ctx, st)
				if err != nil {
					return err
				}
				return writeTasksAt(a.stdout, list, zones, now, paused)
			})
		},
	}
	cmd.Flags().StringVar(&account, "account", "", "only this account's tasks")
	cmd.Flags().StringVar(&state, "state", "open", "which tasks: open (offered, leased, planned), all, or a comma list of planned, paused (planned, of a paused account or campaign), offered, leased, done, skipped, failed, expired")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the tasks as JSON")
	return cmd
}

// keepPaused drops the planned tasks that are not paused (--state paused without
// planned); the tasks of the other states asked for stay.
func keepPaused(list []*paceline.Task, paused map[int64]string) []*paceline.Task {
	return slices.DeleteFunc(list, func(t *paceline.Task) bool { return t.State == paceline.TaskPlanned && paused[t.ID] == "" })
}

// parseTaskStates reads --state. "paused" (the state the views show for a planned task
// of a paused account or campaign) reads the planned tasks; onlyPaused then says to
// keep only the paused ones among them, unless "planned" was asked for too.
func parseTaskStates(s string) (states []paceline.TaskState, onlyPaused bool, err error) {
	switch strings.TrimSpace(s) {
	case "", "open":
		return nil, false, nil
	case "all":
		return []paceline.TaskState{paceline.TaskPlanned, paceline.TaskOffered, paceline.TaskLeased, paceline.TaskDone,
			paceline.TaskSkipped, paceline.TaskFailed, paceline.TaskExpired}, false, nil
	}
	var planned, paused bool
	for _, p := range strings.Split(s, ",") {
		st := paceline.TaskState(strings.TrimSpace(p))
		switch {
		case st == api.TaskStatePaused:
			paused = true
			st = paceline.TaskPlanned
		case st == paceline.TaskPlanned:
			planned = true
		case !st.Valid():
			return nil, false, paceline.FieldErrorf("state", "%q is not a task state (want open, all, planned, paused, offered, leased, done, skipped, failed or expired)", p)
		}
		if !slices.Contains(states, st) {
			states = append(states, st)
		}
	}
	return states, paused && !planned, nil
}

// sweepAccounts brings the tasks of the hand-off accounts up to now before they are
// shown: slots past their working day released, new slots offered. now is the
// database's (databaseNow): a demo's tasks live in its virtual time.
func sweepAccounts(ctx context.Context, st appStore, only string, now time.Time) error {
	accts, err := st.Accounts(ctx)
	if err != nil {
		return err
	}
	// A task whose lead answered or opted out since it was handed off is closed, not
	// shown; one of a paused campaign waits.
	desk := &assist.Desk{Store: st, StoppedFunc: runtime.LeadStopped(st), CampaignPausedFunc: runtime.CampaignPaused(st),
		NowFunc: func() time.Time { return now }}
	found := only == ""
	for _, acc := range accts {
		if only != "" && acc.Name != only {
			continue
		}
		found = true
		if acc.Executor != paceline.ExecutorAssist && acc.Executor != paceline.ExecutorAgent {
			continue
		}
		if _, err := desk.Sweep(ctx, acc.Name); err != nil {
			return fmt.Errorf("bring the tasks of %s up to date: %w", acc.Name, err)
		}
	}
	if !found {
		return paceline.Errorf(paceline.ENOTFOUND, "account %q does not exist (see paceline accounts list)", only)
	}
	return nil
}

// accountZones maps each account to its time zone, in which its tasks' times show.
func accountZones(ctx context.Context, st paceline.AccountStore) (map[string]*time.Location, error) {
	accts, err := st.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	zones := make(map[string]*time.Location, len(accts))
	for _, acc := range accts {
		if loc, err := paceline.LoadTimeZone(acc.TimeZone); err == nil {
			zones[acc.Name] = loc
		}
	}
	return zones, nil
}

func writeTasks(w io.Writer, list []*paceline.Task, zones map[string]*time.Location) error {
	return writeTasksAt(w, list, zones, time.Now(), nil)
}

// pausedTasks says, by task id, why each planned task of a paused account or campaign
// waits, as the API's and the dashboard's task views say it (api.ViewTasks).
func pausedTasks(ctx context.Context, st appStore, list []*paceline.Task) (map[int64]string, error) {
	views, err := api.ViewTasks(ctx, st, st, list)
	if err != nil {
		return nil, err
	}
	paused := make(map[int64]string)
	for _, v := range views {
		if v.PausedReason != "" {
			paused[v.ID] = v.PausedReason
		}
	}
	return paused, nil
}

// writeTasksAt is writeTasks with the time left to each task counted from now, and
// the tasks in paused (by id: why) shown as waiting for the pause to end.
func writeTasksAt(w io.Writer, list []*paceline.Task, zones map[string]*time.Location, now time.Time, paused map[int64]string) error {
	if len(list) == 0 {
		fmt.Fprintln(w, "No tasks. New ones come when the Pacer's next slot does.")
		return nil
	}
	for _, t := range list {
		loc := zones[t.Account]
		if loc == nil {
			loc = time.UTC
		}
		when := "now"
		switch {
		case paused[t.ID] != "":
			when = paused[t.ID] // "account alice is paused: ..."
		case t.State == paceline.TaskPlanned:
			when = "planned for " + t.Due.In(loc).Format("Mon 2 Jan 15:04 MST")
		case t.State == paceline.TaskLeased:
			when = "leased by " + t.Holder + " until " + t.LeaseUntil.In(loc).Format("15:04 MST")
		case !t.State.Open():
			when = string(t.State)
			if t.Outcome != "" && t.Outcome != string(t.State) {
				when += " (" + t.Outcome + ")"
			}
		case !t.Expires.IsZero():
			when = "due until " + t.Expires.In(loc).Format("Mon 15:04 MST") + " (" + t.Expires.Sub(now).Round(time.Minute).String() + " left)"
		}
		fmt.Fprintf(w, "#%d  %s  %s  %s\n", t.ID, t.Account, t.Kind, when)
		fmt.Fprintf(w, "    %s\n", t.Todo)
		if t.Subject != "" {
			fmt.Fprintf(w, "    Subject: %s\n", t.Subject)
		}
		if t.Text != "" {
			for _, line := range strings.Split(t.Text, "\n") {
				fmt.Fprintf(w, "    | %s\n", line)
			}
		}
	}
	_, err := fmt.Fprintf(w, "\n%s. Mark one with: paceline tasks done ID [--outcome %s]\n", plural.Count(len(list), "task"), outcomeChoices())
	return err
}

func (a *app) tasksDoneCmd() *cobra.Command {
	var outcome string
	cmd := &cobra.Command{
		Use:   "done ID",
		Short: "Record what happened to a task: " + assist.OutcomeList("or") + " (sent is the default)",
		Long: `The outcome is one of ` + assist.OutcomeList("or") + ` (done is read as sent).
sent keeps the action counted against the account's allowance. skipped and failed
release it; skipped also drops a task waiting for a later slot, at any time.
refused means LinkedIn did not take this one action (the person cannot be invited
now, the message did not go): the action is released and the task comes again at a
later slot, with no change to the pace (report failed if it can never go).
limit-notice means LinkedIn said a limit was reached ("weekly limit reached"): the
action is released, the Pacer pauses that kind and cuts its rate, and the task comes
again at a later slot. restricted means LinkedIn restricted the account: the action
is released and the whole account stops for the restriction (7 days), then resumes by
itself; the task comes again after it.`,
		Example: "  paceline tasks done 42\n  paceline tasks done 43 --outcome limit-notice\n  paceline tasks done 44 --outcome restricted",
		Args:    exactArgs(1, "the task's ID (see paceline tasks list)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(strings.TrimPrefix(args[0], "#"), 10, 64)
			if err != nil || id <= 0 {
				return paceline.FieldErrorf("id", "%q is not a task ID (see paceline tasks list)", args[0])
			}
			o, err := assist.ParseOutcome(outcome)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			return a.withAppStore(ctx, true, func(st appStore) error {
				// Recorded in the database's time: a demo's ledger is in its virtual time.
				now, _, err := databaseNow(ctx, st, time.Now())
				if err != nil {
					return err
				}
				desk := &assist.Desk{Store: st, NowFunc: func() time.Time { return now }}
				// Read first, so that a report made twice is told it changed nothing.
				repeated := false
				if before, err := st.Task(ctx, id); err == nil {
					repeated = assist.Repeats(before, o)
				}
				t, err := desk.Finish(ctx, id, assist.Report{Outcome: o})
				if err != nil {
					return err
				}
				if repeated {
					fmt.Fprintf(a.stdout, "Task #%d was already recorded as %s; nothing changed.\n", t.ID, o)
					if o == assist.OutcomeRestricted {
						return a.printRestricted(ctx, st, t, now, true)
					}
					return nil
				}
				switch o {
				case assist.OutcomeSent:
					fmt.Fprintf(a.stdout, "Task #%d recorded as sent: it counts against %s's %s allowance.\n", t.ID, t.Account, t.Kind)
				case assist.OutcomeLimitNotice:
					fmt.Fprintf(a.stdout, "Task #%d recorded with a limit notice: %s's %ss are paused for now and the task comes back at a later slot.\n", t.ID, t.Account, t.Kind)
				case assist.OutcomeRefused:
					fmt.Fprintf(a.stdout, "Task #%d recorded as refused: the slot is released and the task comes back at a later slot; the pace is unchanged (report failed if it can never go).\n", t.ID)
				case assist.OutcomeRestricted:
					return a.printRestricted(ctx, st, t, now, false)
				case assist.OutcomeSkipped:
					fmt.Fprintf(a.stdout, "Task #%d recorded as skipped: it is not offered again, and the slot it held, if any, is released.\n", t.ID)
				default:
					fmt.Fprintf(a.stdout, "Task #%d recorded as %s: the slot is released.\n", t.ID, o)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&outcome, "outcome", "sent", "what happened: "+assist.OutcomeList("or"))
	return cmd
}

// outcomeChoices lists the outcomes tasks done accepts as a usage line does:
// sent|skipped|...
func outcomeChoices() string {
	var b strings.Builder
	for i, o := range assist.Outcomes() {
		if i > 0 {
			b.WriteString("|")
		}
		b.WriteString(string(o))
	}
	return b.String()
}

func (a *app) tasksTokenCmd() *cobra.Command {
	var name, account string
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Create a token for an external agent that leases tasks over HTTP",
		Long: `The token is printed once and stored only as a hash. Give it to the agent, which sends
it as "Authorization: Bearer TOKEN" to /api/v1/agent/ (see docs/agent-protocol.md).
With --account the token leases only for that account.`,
		Example: "  paceline tasks token --name laptop-extension --account alice",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(name) == "" {
				return paceline.FieldErrorf("name", "is missing (name the agent with --name, such as laptop-extension)")
			}
			ctx := cmd.Context()
			return a.withAppStore(ctx, true, func(st appStore) error {
				if account != "" {
					if _, err := st.Account(ctx, account); err != nil {
						return err
					}
				}
				tok, err := paceline.NewSecret(agentTokenPrefix)
				if err != nil {
					return err
				}
				if err := st.CreateAgentToken(ctx, strings.TrimSpace(name), account, paceline.HashSecret(tok)); err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, tok)
				fmt.Fprintln(a.stderr, "This token is shown once; paceline keeps only its hash.")
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "a `name` for the agent (required)")
	cmd.Flags().StringVar(&account, "account", "", "the only `account` the token may lease for (default: every account)")
	return cmd
}

// agentTokenPrefix starts every agent token, so that secret scanners and people
// recognise one.
const agentTokenPrefix = "pla_"
