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
	fmt.Fprintf(w, "Warning: restoring this copy forgets every action done after %s: the steps sent since are not in it, and serve would send them again.\n", at)
	active := activeCampaigns(ctx, backup)
	q := shellword.Quote
	var pause []string
	for _, c := range active {
		pause = append(pause, fmt.Sprintf("paceline campaigns pause %s --db %s --reason %s", q(c), q(db), q("restored from the backup of "+at)))
	}
	if len(pause) == 0 {
		// The copy could not be read, or runs nothing now: say what to look for.
		fmt.Fprintf(w, "Before serve runs a restored copy, run paceline campaigns list --db %s and pause every active campaign (paceline campaigns pause NAME --db %s).\n", q(db), q(db))
	} else {
		fmt.Fprintf(w, "Before serve runs a restored copy, pause its active campaigns:\n  %s\n", strings.Join(pause, "\n  "))
	}
	fmt.Fprintf(w, "then check in the mailboxes' Sent folders (and on LinkedIn) what went out after %s, pause the accounts that must not act again yet (paceline accounts pause NAME --db %s), start serve, and resume each campaign with paceline campaigns start NAME --db %s once what it would repeat is settled.\n",
		at, q(db), q(db))
}

// activeCampaigns names the campaigns active in the backup at path, sorted; none when
// it cannot be read (the warning then tells how to find them).
func activeCampaigns(ctx context.Context, path string) []string {
	st, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		return nil
	}
	defer st.Close()
	cs, err := st.Campaigns(ctx)
	if err != nil {
		return nil
	}
	var names []string
	for _, c := range cs {
		if c.State == paceline.CampaignActive {
			names = append(names, c.Name)
		}
	}
	slices.Sort(names)
	return names
}
