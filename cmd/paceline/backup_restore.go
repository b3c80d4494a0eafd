package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// restoreWarning is what backup prints after its restore commands. A restored copy
// holds the sent log and the ledger of the backup's time: every step done after it is
// forgotten, and serve, finding those steps due again, sends them again (QA restored a
// morning's backup in the afternoon: five people got their email twice). So it says
// so, and gives the safe way: pause the copy's active campaigns before serve starts,
// check what went out since the backup, then resume. backup is the copy written at
// taken; db the database a restore would replace.
func restoreWarning(ctx context.Context, w io.Writer, db, backup string, taken time.Time) {
	at := taken.UTC().Format("2006-01-02 15:04:05 MST")
	fmt.Fprintf(w, restoreForgets+"\n", "this copy", at)
	active, read := activeCampaigns(ctx, backup)
	q := shellword.Quote
	var pause []string
	for _, c := range active {
		pause = append(pause, fmt.Sprintf("paceline campaigns pause %s --db %s --reason %s", q(c), q(db), q("restored from the backup of "+at)))
	}
	switch {
	case !read:
		// The copy could not be read: say what to look for.
		fmt.Fprintf(w, "Before serve runs a restored copy, run paceline campaigns list --db %s and pause every active campaign (paceline campaigns pause NAME --db %s).\n", q(db), q(db))
	case len(pause) == 0:
		fmt.Fprintf(w, "The copy has no active campaign now; if you start one on a restored copy, mind what the backup has forgotten.\n")
	default:
		fmt.Fprintf(w, "Before serve runs a restored copy, pause its active campaigns:\n  %s\n", strings.Join(pause, "\n  "))
	}
	fmt.Fprintln(w, restoreThen(at, q(db)))
}

// restoreForgets is the warning backup gives with its restore commands, SQLite's and
// PostgreSQL's: what (the copy) and when the backup was taken.
const restoreForgets = "Warning: restoring %s forgets every action done after %s: the steps sent since are not in it, and serve would send them again (and deliver their webhook events again)."

// restoreThen is the rest of backup's advice on a restore taken at (a time, or when
// pg_dump ran), for the restored database given to --db as dbArg (quoted, without a
// password): what to check, and the acknowledgement serve and worker wait for.
func restoreThen(at, dbArg string) string {
	return fmt.Sprintf("Then check in the mailboxes' Sent folders (and on LinkedIn) what went out after %s, pause the accounts that must not act again yet (paceline accounts pause NAME --db %s), and run paceline backup --acknowledge-restore --db %s: serve and worker refuse the restored copy until then. Resume each campaign with paceline campaigns start NAME --db %s once what it would repeat is settled.",
		at, dbArg, dbArg, dbArg)
}

// activeCampaigns names the campaigns active in the backup at path, sorted; read is
// false when it cannot be read (the warning then tells how to find them).
func activeCampaigns(ctx context.Context, path string) (names []string, read bool) {
	st, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		return nil, false
	}
	defer st.Close()
	cs, err := st.Campaigns(ctx)
	if err != nil {
		return nil, false
	}
	for _, c := range cs {
		if c.State == paceline.CampaignActive {
			names = append(names, c.Name)
		}
	}
	slices.Sort(names)
	return names, true
}

// campaignLister lists a database's campaigns, both stores'.
type campaignLister interface {
	Campaigns(ctx context.Context) ([]*paceline.Campaign, error)
}

// refuseRestored refuses to serve (or work, command) a SQLite database that is a
// backup copy whose restore was not acknowledged (sqlite.MarkBackup): it would send
// again every step done after the backup. The refusal names the active campaigns to
// pause first.
func refuseRestored(ctx context.Context, command, db string, st *sqlite.Store) error {
	taken, err := st.BackupTaken(ctx)
	if err != nil || taken.IsZero() {
		return err
	}
	return restoredRefusal(ctx, command, fmt.Sprintf("%s is a backup taken at %s", db, taken.Format("2006-01-02 15:04 MST")),
		"after then", shellword.Quote(db), st)
}

// refusePostgresRestored refuses to serve (or work, command) a PostgreSQL database
// restored from a dump of another (its identity mark names that database,
// postgres.Store.RestoredFrom) until the restore is acknowledged: it would send again
// every step done after the dump, and deliver its webhook events again to the
// endpoints the dump keeps, secrets and all (QA: five events the CRM had). shown names
// the database (shownDB), dbURL is --db.
func refusePostgresRestored(ctx context.Context, command, shown, dbURL string, st *postgres.Store) error {
	from, err := st.RestoredFrom(ctx)
	if err != nil || from == nil {
		return err
	}
	return restoredRefusal(ctx, command,
		fmt.Sprintf("%s is a restored copy of %s, whose identity mark it carries (a pg_restore of its dump, or CREATE DATABASE ... TEMPLATE)", shown, from),
		"after the backup", postgres.ShownURL(dbURL), st)
}

// restoredRefusal is serve's and worker's (command) refusal of a restored backup
// copy, whichever the store: what says what the copy is, since when it forgets, dbArg
// is --db as the printed commands give it (quoted, never with its password).
func restoredRefusal(ctx context.Context, command, what, since, dbArg string, st campaignLister) error {
	var active []string
	cs, listErr := st.Campaigns(ctx) // unread, the advice names the command that lists them
	for _, c := range cs {
		if c.State == paceline.CampaignActive {
			active = append(active, c.Name)
		}
	}
	slices.Sort(active)
	first := fmt.Sprintf("First pause its active campaigns (paceline campaigns list --db %s shows them) and check", dbArg)
	if len(active) > 0 {
		var cmds []string
		for _, c := range active {
			cmds = append(cmds, fmt.Sprintf("paceline campaigns pause %s --db %s", shellword.Quote(c), dbArg))
		}
		first = "First pause its active campaigns: " + strings.Join(cmds, "; ") + "; check"
	} else if listErr == nil {
		first = "It has no active campaign: check"
	}
	return paceline.Errorf(paceline.ECONFLICT,
		"%s: it has forgotten every action done %s, and %s would send those steps again (and deliver their webhook events again). %s what went out since the backup; then run paceline backup --acknowledge-restore --db %s and start %s again",
		what, since, command, first, dbArg, command)
}

// acknowledgeRestore clears the backup mark of the SQLite database at --db, restored
// from a backup, or records a restored PostgreSQL database's own identity: serve and
// worker run it again.
func (a *app) acknowledgeRestore(ctx context.Context) error {
	if isPostgres(a.dbPath) {
		return a.acknowledgePostgresRestore(ctx)
	}
	if err := checkSQLitePath(a.dbPath); err != nil {
		return err
	}
	if !fileExists(a.dbPath) {
		return paceline.Errorf(paceline.ENOTFOUND, "no database at %s: point --db at the restored database", a.dbPath)
	}
	st, err := sqlite.Open(ctx, a.dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	taken, err := st.BackupTaken(ctx)
	if err != nil {
		return err
	}
	if taken.IsZero() {
		fmt.Fprintf(a.stdout, "%s is not a restored backup (or its restore was acknowledged already): nothing to do.\n", a.dbPath)
		return nil
	}
	if err := st.AcknowledgeRestore(ctx); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%s, the backup of %s, is the live database now: serve and worker run it. Paused campaigns stay paused: paceline campaigns start NAME --db %s resumes each.\n",
		a.dbPath, taken.Format("2006-01-02 15:04 MST"), shellword.Quote(a.dbPath))
	return nil
}

// acknowledgePostgresRestore records the identity of the PostgreSQL database at --db,
// restored from a dump of another, as its own (postgres.Store.AcknowledgeRestore).
func (a *app) acknowledgePostgresRestore(ctx context.Context) error {
	st, err := postgres.OpenCurrent(ctx, a.dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	from, err := st.AcknowledgeRestore(ctx)
	if err != nil {
		return err
	}
	if from == nil {
		fmt.Fprintf(a.stdout, "%s is not a restored copy (or its restore was acknowledged already): nothing to do.\n", a.shownDB())
		return nil
	}
	fmt.Fprintf(a.stdout, "%s, restored from a backup of %s, is the live database now: serve and worker run it. Paused campaigns stay paused: paceline campaigns start NAME --db %s resumes each.\n",
		a.shownDB(), from, postgres.ShownURL(a.dbPath))
	return nil
}
