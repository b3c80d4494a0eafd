package main

import (
	"fmt"
	"io"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/shellword"
)

// writeListOverlaps says, after an import's summary, how many of the stored leads it
// put on list were on other lists already, and how to take them off again: a file of
// one client's leads imported with another client's --list only said "60 stored leads
// updated", and that client's next campaign enrolled them. dbFlag is app.dbFlag.
func writeListOverlaps(w io.Writer, path, list, dbFlag string, overlaps []lead.ListOverlap) {
	if len(overlaps) == 0 {
		return
	}
	for _, o := range overlaps {
		fmt.Fprintf(w, "  %d of the stored leads put on list %q %s also on list %q\n", o.Leads, list, isAre(o.Leads), o.List)
	}
	fmt.Fprintf(w, "  If %s was not meant for list %q, take its leads off it: paceline leads unlist --list %s --file %s%s\n",
		path, list, shellword.Quote(list), shellword.Quote(path), dbFlag)
}

// isAre is the verb "to be" for n things.
func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
