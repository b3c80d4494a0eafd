package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/linkedinexport"
	"github.com/paceline/paceline/plural"
	"github.com/spf13/cobra"
)

func (a *app) linkedinCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "linkedin",
		Short: "Learn from LinkedIn's own data archive what happened to your leads",
	}
	cmd.AddCommand(a.linkedinImportCmd())
	return cmd
}

// maxUnmatchedShown bounds the unmatched rows the human report lists; --json has all.
const maxUnmatchedShown = 20

// archiveReport is what import-archive prints with --json: the counts of NEW records
// (a re-import prints zeros) and every row that gave nothing.
type archiveReport struct {
	Invites         int                          `json:"invites"`
	Accepted        int                          `json:"accepted"`
	Replied         int                          `json:"replied"`
	Connected       int                          `json:"connected"` // connected before: no invite of ours accepted
	InvitesInLedger int                          `json:"invites_in_ledger"`
	TasksClosed     int                          `json:"tasks_closed"`
	Rows            map[string]int               `json:"rows"`
	Unmatched       []linkedinexport.Unmatched   `json:"unmatched"`
	ByCause         map[linkedinexport.Cause]int `json:"unmatched_by_cause"`
	// Connections is the account's connection count from Connections.csv (null when
	// the archive given has no Connections.csv).
	Connections *archiveConnections `json:"connections"`
}

func (a *app) linkedinImportCmd() *cobra.Command {
	var account string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "import-archive FILE.zip|DIR|FILE.csv...",
		Short: "Record the invites, accepts and replies of a LinkedIn data archive",
		Long: `Reads Connections.csv, Invitations.csv and messages.csv from the archive LinkedIn
gives you (Settings, Data privacy, Get a copy of your data), as the .zip, its folder
or single CSV files, and matches people to your leads by profile URL. Invites you sent
by hand are recorded in the account's ledger (they count against its allowance), and
accepts and replies become events that move your campaigns on. A lead connected to
the account without an invite of yours (before paceline, or at their request) is
recorded as connected: campaigns message it from that account instead of inviting it,
and it counts as no accept of yours. Every row of
Connections.csv, lead or not, sets the account's count of connections (LinkedIn
refuses invites at 30,000), unless the account knows a newer count. Importing the
same archive again records nothing new. See docs/linkedin-archive.md.`,
		Example: `  paceline linkedin import-archive Basic_LinkedInDataExport_01-30-2026.zip --account alex
  paceline linkedin import-archive Connections.csv messages.csv --account alex --json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{fmt.Errorf("%s wants the archive: a .zip, its folder, or its CSV files", cmd.CommandPath())}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if account == "" {
				return paceline.FieldErrorf("account", "is missing (name the account whose archive this is with --account)")
			}
			ctx := cmd.Context()
			return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
				var st archiveStore = db.store
				acct, err := st.Account(ctx, account)
				if err != nil {
					return err
				}
				if acct.Executor == paceline.ExecutorEmail {
					// A mailbox sends no invites: recording the archive's in its ledger would
					// count LinkedIn actions against an email allowance.
					return paceline.FieldErrorf("account", "%s is a mailbox (an email account); give the LinkedIn account the archive was downloaded from", account)
				}
				sched, err := acct.Schedule()
				if err != nil {
					return err
				}
				ar, err := openArchive(args)
				if err != nil {
					return err
				}
				defer ar.Close()
				dir, err := newStoreDirectory(ctx, st, account)
				if err != nil {
					return err
				}
				res, err := linkedinexport.Reconcile(ar, linkedinexport.Options{Account: account, Location: sched.Location, Leads: dir})
				if err != nil {
					return err
				}
				if err := dir.err; err != nil {
					return err
				}
				// The database's clock, as the runtime reads it (it may run ahead of
				// the wall clock after a sped-up run).
				now, _, err := databaseNow(ctx, st, time.Now())
				if err != nil {
					return err
				}
				rep, err := recordArchive(ctx, st, account, res, now)
				if err != nil {
					return err
				}
				if ar.Has(linkedinexport.Connections) {
					if rep.Connections, err = recordArchiveConnections(ctx, st, account, res, now); err != nil {
						return err
					}
				}
				// The account's tick applies what the archive added (an accept moves its
				// lead on to the next step); asleep, it would do so only at its next
				// planned wake-up, weeks away for a lead waiting on an accept. Woken
				// after a re-import that adds nothing too: the first one's wake may
				// have failed.
				jobs, err := db.migratedJobs(ctx)
				if err != nil {
					return err
				}
				if err := jobs.Ensure(ctx, account, true); err != nil {
					return fmt.Errorf("wake account %s to act on the archive (what it added is recorded: import it again to retry): %w", account, err)
				}
				if asJSON {
					return writeJSON(a.stdout, rep)
				}
				return writeArchiveReport(a.stdout, account, rep)
			})
		},
	}
	cmd.Flags().StringVar(&account, "account", "", "the `account` the archive belongs to (required)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON, with every unmatched row")
	return cmd
}

func openArchive(args []string) (*linkedinexport.Archive, error) {
	if len(args) == 1 {
		return linkedinexport.Open(args[0], linkedinexport.Limits{})
	}
	return linkedinexport.OpenFiles(args, linkedinexport.Limits{})
}

// storeDirectory finds the leads the store knows, with what the account's ledger holds
// about each: its invites and its first contact.
type storeDirectory struct {
	ctx      context.Context
	st       archiveStore
	invites  map[string][]time.Time
	contacts map[string]time.Time
	cache    map[lead.Key]*linkedinexport.KnownLead
	err      error // the first store failure: Lookup cannot return it
}

func newStoreDirectory(ctx context.Context, st archiveStore, account string) (*storeDirectory, error) {
	acts, err := st.Actions(ctx, account, time.Time{}, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return nil, err
	}
	d := &storeDirectory{ctx: ctx, st: st, invites: map[string][]time.Time{}, contacts: map[string]time.Time{},
		cache: map[lead.Key]*linkedinexport.KnownLead{}}
	for i := range acts {
		ac := &acts[i]
		if !ac.Counts() || ac.Lead == "" {
			continue
		}
		switch ac.Kind {
		case paceline.KindInvite:
			d.invites[ac.Lead] = append(d.invites[ac.Lead], ac.At)
		case paceline.KindMessage, paceline.KindInMail, paceline.KindOpenProfileMessage:
		default:
			continue
		}
		if c, ok := d.contacts[ac.Lead]; !ok || ac.At.Before(c) {
			d.contacts[ac.Lead] = ac.At
		}
	}
	return d, nil
}

// Lookup returns the lead the store holds under the key, as the engine keys it.
func (d *storeDirectory) Lookup(k lead.Key) (linkedinexport.KnownLead, bool) {
	if kl, ok := d.cache[k]; ok {
		if kl == nil {
			return linkedinexport.KnownLead{}, false
		}
		return *kl, true
	}
	l, err := d.st.LeadByKey(d.ctx, k.Type.String(), k.Value)
	if err != nil {
		if paceline.ErrorCode(err) != paceline.ENOTFOUND && d.err == nil {
			d.err = err
		}
		d.cache[k] = nil
		return linkedinexport.KnownLead{}, false
	}
	id := engine.LeadKey(l)
	kl := &linkedinexport.KnownLead{ID: id, Invites: d.invites[id], Contacted: d.contacts[id]}
	d.cache[k] = kl
	return *kl, true
}

// recordArchive writes what the archive says, counting only what is new: the ledger
// and the event store each keep one record per key. An invite the archive shows closes
// the open invite task of that lead, so nobody is asked to invite them again.
func recordArchive(ctx context.Context, st archiveStore, account string, res *linkedinexport.Result, now time.Time) (*archiveReport, error) {
	rep := &archiveReport{
		InvitesInLedger: res.Counts.InvitesInLedger,
		Rows:            map[string]int{"connections": res.Counts.Connections, "invitations": res.Counts.Invitations, "messages": res.Counts.Messages},
		Unmatched:       res.Unmatched,
		ByCause:         linkedinexport.CountByCause(res.Unmatched),
	}
	rep.Unmatched = jsonArray(rep.Unmatched)
	// invited holds the leads the archive shows invited: true when its invite was
	// recorded now (a task's reserved slot is then released), false when only their
	// accept shows it (the task's slot stands for the invite).
	invited := map[string]bool{}
	for i := range res.Invites {
		act := res.Invites[i]
		err := st.RecordAction(ctx, &act)
		switch paceline.ErrorCode(err) {
		case "":
			rep.Invites++
		case paceline.ECONFLICT:
		default:
			return nil, fmt.Errorf("record the invite to %s: %w", act.Lead, err)
		}
		invited[act.Lead] = true
	}
	for i := range res.Events {
		ev := res.Events[i]
		fresh, err := st.RecordEvent(ctx, &ev)
		if err != nil {
			return nil, fmt.Errorf("record %s of %s: %w", ev.Type, ev.Lead, err)
		}
		if !fresh {
			continue
		}
		if ev.Type == paceline.EventAccepted {
			if _, ok := invited[ev.Lead]; !ok {
				invited[ev.Lead] = false
			}
		}
		switch ev.Type {
		case paceline.EventAccepted:
			rep.Accepted++
		case linkedinexport.EventConnected:
			rep.Connected++
		case paceline.EventReplied:
			rep.Replied++
		}
	}
	n, err := closeInviteTasks(ctx, st, account, invited, now)
	rep.TasksClosed = n
	return rep, err
}

// closeInviteTasks marks done the open invite tasks of leads the archive shows invited:
// the person sent it by hand without saying so. A slot the task still reserved is
// released when the archive's invite was recorded in its place, and kept when it
// stands for the invite (the lead's accept was all the archive added). The tasks are
// done at now, the database's clock.
func closeInviteTasks(ctx context.Context, st archiveStore, account string, invited map[string]bool, now time.Time) (int, error) {
	// Accepts recorded by an earlier import of the same archive close nothing twice:
	// only open tasks are looked at.
	if len(invited) == 0 {
		return 0, nil
	}
	open, err := st.Tasks(ctx, paceline.TaskFilter{Account: account})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, t := range open {
		release, ok := invited[t.Lead]
		if t.Kind != paceline.KindInvite || !ok {
			continue
		}
		from := t.State
		if from != paceline.TaskPlanned && release {
			if err := st.SetActionResult(ctx, t.SlotKey(), paceline.ResultFailed); err != nil && paceline.ErrorCode(err) != paceline.ENOTFOUND {
				return n, err
			}
		}
		t.State, t.Outcome, t.Holder, t.LeaseID, t.LeaseUntil = paceline.TaskDone, "sent (seen in the archive)", "", "", time.Time{}
		t.DoneAt = now.UTC()
		if err := st.UpdateTask(ctx, t, from); err != nil && paceline.ErrorCode(err) != paceline.ECONFLICT {
			return n, err
		}
		n++
	}
	return n, nil
}

func writeArchiveReport(w io.Writer, account string, rep *archiveReport) error {
	fmt.Fprintf(w, "Recorded for %s: %s, %d accepted, %d replied, %d connected before", account, plural.Count(rep.Invites, "new invite"), rep.Accepted, rep.Replied, rep.Connected)
	if rep.InvitesInLedger > 0 {
		fmt.Fprintf(w, " (%s %s already in the ledger)", plural.Count(rep.InvitesInLedger, "invite"), plural.Verb(rep.InvitesInLedger, "was", "were"))
	}
	fmt.Fprintln(w, ".")
	if rep.TasksClosed > 0 {
		fmt.Fprintf(w, "Closed %s the archive shows %s sent.\n", plural.Count(rep.TasksClosed, "open invite task"), plural.Verb(rep.TasksClosed, "was", "were"))
	}
	fmt.Fprintf(w, "Read %s, %s and %s.\n", plural.Count(rep.Rows["connections"], "connection"),
		plural.Count(rep.Rows["invitations"], "invitation"), plural.Count(rep.Rows["messages"], "message"))
	writeArchiveConnections(w, account, rep.Connections)
	if len(rep.Unmatched) == 0 {
		return nil
	}
	causes := make([]linkedinexport.Cause, 0, len(rep.ByCause))
	for c := range rep.ByCause {
		causes = append(causes, c)
	}
	sort.Slice(causes, func(i, j int) bool {
		if rep.ByCause[causes[i]] != rep.ByCause[causes[j]] {
			return rep.ByCause[causes[i]] > rep.ByCause[causes[j]]
		}
		return causes[i] < causes[j]
	})
	fmt.Fprintf(w, "\n%s gave nothing:\n", plural.Count(len(rep.Unmatched), "row"))
	for _, c := range causes {
		fmt.Fprintf(w, "  %6d  %s\n", rep.ByCause[c], c)
	}
	fmt.Fprintln(w)
	for i, u := range rep.Unmatched {
		if i == maxUnmatchedShown {
			fmt.Fprintf(w, "... and %d more: run again with --json to see every row (a re-import records nothing twice).\n", len(rep.Unmatched)-i)
			break
		}
		fmt.Fprintln(w, u.String())
	}
	return nil
}
