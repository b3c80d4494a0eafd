package main

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/spf13/cobra"
)

func (a *app) limitsShowCmd() *cobra.Command {
	var (
		asJSON bool
		at     string
	)
	cmd := &cobra.Command{
		Use:   "show ACCOUNT",
		Short: "Show an account's usage against its limits and its next slot per kind, with the reason",
		Args:  exactArgs(1, "one account name"),
		Long: `show replays the account's ledger and reports, at now (or --at), its usage against
each limit and when each kind may next act. On a database run on a sped-up clock
(paceline demo, serve --speed) now is the database's clock, as the runtime reads it:
the virtual instant that run reached, or, once serve runs it in real time again, that
instant and the time since (it never goes back to the wall clock while ahead of it);
the output says so.`,
		Example: `  paceline limits show alice
  paceline limits show demo-free --db paceline-demo.db --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var when time.Time
			if at != "" {
				t, err := time.Parse(time.RFC3339, at)
				if err != nil {
					return paceline.FieldErrorf("at", "%q is not an RFC 3339 instant (2027-03-01T09:00:00Z)", at)
				}
				when = t
			}
			st, err := a.openAppStore(ctx, true)
			if err != nil {
				return err
			}
			defer st.Close()
			now, src := when, wallClock
			if when.IsZero() {
				if now, src, err = databaseNow(ctx, st, time.Now()); err != nil {
					return err
				}
			}
			snap, err := replaySnapshot(ctx, st, args[0], now)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, struct {
					Account string `json:"account"`
					limits.Snapshot
				}{args[0], snap})
			}
			// The Pacer's slots say when the account could act; a paused one acts on none.
			acct, err := st.Account(ctx, args[0])
			if err != nil {
				return err
			}
			return printSnapshot(a, args[0], snap, src, acct.State == paceline.AccountPaused)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&at, "at", "", "evaluate at this RFC 3339 instant instead of now")
	return cmd
}

// ledgerReader is what limits show reads, from a SQLite file or PostgreSQL: the
// account, and its ledger's actions and events.
type ledgerReader interface {
	Account(ctx context.Context, name string) (*paceline.Account, error)
	Actions(ctx context.Context, account string, since, until time.Time) ([]paceline.Action, error)
	Events(ctx context.Context, account string, since, until time.Time) ([]paceline.Event, error)
}

var (
	_ ledgerReader = (*sqlite.Store)(nil)
	_ ledgerReader = (*postgres.Store)(nil)
)

// replaySnapshot replays the account's ledger in st into a Pacer and reports its usage at now.
func replaySnapshot(ctx context.Context, st ledgerReader, name string, now time.Time) (limits.Snapshot, error) {
	acct, err := st.Account(ctx, name)
	if err != nil {
		return limits.Snapshot{}, err
	}
	cfg, err := limits.ConfigFor(acct)
	if err != nil {
		return limits.Snapshot{}, err
	}
	origin, since := limits.ReplayWindow(acct.CreatedAt, now)
	actions, err := st.Actions(ctx, name, since, now.Add(time.Nanosecond))
	if err != nil {
		return limits.Snapshot{}, err
	}
	events, err := st.Events(ctx, name, since, now.Add(time.Nanosecond))
	if err != nil {
		return limits.Snapshot{}, err
	}
	p, err := limits.Replay(cfg, origin, actions, events)
	if err != nil {
		return limits.Snapshot{}, err
	}
	return p.Snapshot(now), nil
}

// printSnapshot prints the usage table; src says whose clock s.At is (databaseNow),
// paused that the account is paused.
func printSnapshot(a *app, name string, s limits.Snapshot, src clockSource, paused bool) error {
	fmt.Fprintf(a.stdout, "%s (%s), working %s\n", name, s.Type, s.Schedule)
	if paused {
		fmt.Fprintf(a.stdout, "paused: it does nothing until paceline accounts resume %s; NEXT says when it could act then\n", shellword.Quote(name))
	}
	switch src {
	case spedUpClock:
		fmt.Fprintf(a.stdout, "at %s, the virtual time this database's sped-up run (paceline demo or serve --speed) reached; --at picks another instant\n",
			s.At.Format("Mon 2 Jan 2006 15:04 MST"))
	case aheadClock:
		fmt.Fprintf(a.stdout, "at %s, the virtual time of this database's clock: a sped-up run (paceline demo or serve --speed) took it ahead of the wall clock and it runs on in real time from there; --at picks another instant\n",
			s.At.Format("Mon 2 Jan 2006 15:04 MST"))
	}
	if s.Warmup < 1 {
		fmt.Fprintf(a.stdout, "warming up: caps at %.0f%%\n", s.Warmup*100)
	}
	fmt.Fprintln(a.stdout)
	w := newTable(a.stdout)
	fmt.Fprintln(w, "KIND\t7 DAYS\t24 H\tTODAY\tNEXT")
	for _, k := range s.Kinds {
		week := fmt.Sprintf("%d", k.Week)
		if k.WeekCap != nil {
			week = fmt.Sprintf("%d/%d", k.Week, *k.WeekCap)
		}
		next := k.Explain
		if k.Allowed {
			next = "now"
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%d/%d\t%s\n", k.Kind, week, k.Day, k.Today, k.DayBudget, next)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if s.InMailCredits != nil {
		fmt.Fprintf(a.stdout, "\nInMail credits: %d\n", *s.InMailCredits)
	}
	if s.NoteQuota != nil {
		fmt.Fprintf(a.stdout, "Personal notes this month: %d/%d\n", *s.NotesUsed, *s.NoteQuota)
	}
	fmt.Fprintf(a.stdout, "Pending invites: %d   Connections: %d\n", s.Pending, s.Connections)
	return nil
}
