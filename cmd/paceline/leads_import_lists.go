package main

import (
	"fmt"
	"io"
	"time"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/shellword"
)

// writeListOverlaps says, after an import's summary, how many of the stored leads it
// put on list were on other lists already, and how to take them off again: a file of
// one client's leads imported with another client's --list only said "60 stored leads
// updated", and that client's next campaign enrolled them. dbFlag is app.dbFlag; began
// is an instant at or before the store's clock read for the import, whose members all
// joined the list then.
//
// The undo names began (--added-since): the counts are of the leads new to the list,
// and --file alone would take off the file's leads the list held before the import
// too, emptying a list whose members the file happened to hold.
func writeListOverlaps(w io.Writer, path, list, dbFlag string, began time.Time, overlaps []lead.ListOverlap) {
	if len(overlaps) == 0 {
		return
	}
	for _, o := range overlaps {
		fmt.Fprintf(w, "  %d of the stored leads put on list %q %s also on list %q\n", o.Leads, list, isAre(o.Leads), o.List)
	}
	fmt.Fprintf(w, "  If %s was not meant for list %q, take off it the leads this import put on it: paceline leads unlist --list %s --file %s --added-since %s%s\n",
		path, list, shellword.Quote(list), shellword.Quote(path), addedSince(began), dbFlag)
}

// isAre is the verb "to be" for n things.
func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// addedSince is began as leads unlist --added-since reads it: UTC, cut to the
// microsecond PostgreSQL keeps, so that it is not after the instant the store wrote.
func addedSince(began time.Time) string {
	return began.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
}
