package audit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/paceline/paceline"
)

// RuleContactedTwice names a person reached twice by campaign steps of one kind under
// two of their references: a database audit's finding (ContactedTwice), which a
// ledger folder cannot show, since only the database knows which references are one
// lead.
const RuleContactedTwice = "lead_contacted_twice"

// LeadOfFunc returns the id of the stored lead a ledger reference names (ok false when
// no stored lead has it: erased, or never imported).
type LeadOfFunc func(ref string) (id int64, ok bool, err error)

// ContactedTwice returns a finding for each done campaign action that reached a
// person (one stored lead, whichever of their references the ledger wrote) whom a
// campaign step of the same kind had already reached under another reference: two
// leads that an import later merged, each run by its own campaign, each sent their
// invite. The same reference twice is what the duplicate-step check counts (and a
// sequence's several messages to one reference are no finding). actions are the
// ledger's done actions; leadOf is asked once per reference.
func ContactedTwice(actions []paceline.Action, leadOf LeadOfFunc) ([]Violation, error) {
	type person struct {
		lead int64
		kind paceline.ActionKind
	}
	ids := map[string]int64{}
	first := map[person]paceline.Action{}
	done := slices.Clone(actions)
	slices.SortStableFunc(done, func(a, b paceline.Action) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	var out []Violation
	for _, a := range done {
		if a.Result != paceline.ResultDone || a.Campaign == "" || a.Lead == "" {
			continue
		}
		id, seen := ids[a.Lead]
		if !seen {
			found, ok, err := leadOf(a.Lead)
			if err != nil {
				return nil, fmt.Errorf("find the lead of %s: %w", a.Lead, err)
			}
			if !ok {
				found = 0
			}
			ids[a.Lead], id = found, found
		}
		if id == 0 {
			continue
		}
		p := person{id, a.Kind}
		before, ok := first[p]
		if !ok {
			first[p] = a
			continue
		}
		if before.Lead == a.Lead {
			continue
		}
		out = append(out, Violation{Rule: RuleContactedTwice, Account: a.Account, Kind: string(a.Kind), At: a.At,
			Message: fmt.Sprintf("lead %d was sent a second %s as %s (%s, campaign %s, step %s) after one as %s (%s, campaign %s, step %s, %s)",
				id, a.Kind, a.Lead, a.Account, a.Campaign, a.Step, before.Lead, before.Account, before.Campaign, before.Step,
				before.At.UTC().Format("2006-01-02T15:04:05Z"))})
	}
	slices.SortStableFunc(out, func(a, b Violation) int {
		if c := compareViolations(a, b); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	return out, nil
}
