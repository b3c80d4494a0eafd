package lead

import (
	"cmp"
	"slices"
)

// ListOverlap is how many stored leads an import put on its list (ImportOptions.List)
// while they were on the list List already.
//
// Agencies keep each client's leads on a list of their own and start each client's
// campaigns on its list: a file of one client's leads imported with --list of another
// client only said "60 stored leads updated", and the other client's campaign then
// enrolled them. The report names the lists those leads come from instead.
type ListOverlap struct {
	List  string `json:"list"`
	Leads int    `json:"leads"`
}

// listOverlaps counts, per other list, the stored leads that join the import's list.
type listOverlaps map[string]int

// note counts a stored lead on the lists it holds before the row is applied, when the
// row puts it on list, which it was not on yet. A lead matched again by a later row is
// on list by then (the sink's Load sees what the import wrote), so it counts once.
func (o *listOverlaps) note(lists []string, list string) {
	if list == "" || slices.Contains(lists, list) {
		return
	}
	for _, name := range lists {
		if *o == nil {
			*o = listOverlaps{}
		}
		(*o)[name]++
	}
}

// sorted returns the counts, most leads first and by name among equal counts; nil when
// no stored lead came from another list.
func (o listOverlaps) sorted() []ListOverlap {
	if len(o) == 0 {
		return nil
	}
	out := make([]ListOverlap, 0, len(o))
	for name, n := range o {
		out = append(out, ListOverlap{List: name, Leads: n})
	}
	slices.SortFunc(out, func(a, b ListOverlap) int {
		return cmp.Or(cmp.Compare(b.Leads, a.Leads), cmp.Compare(a.List, b.List))
	})
	return out
}
