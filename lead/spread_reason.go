package lead

import (
	"fmt"
	"strings"
)

// A suppressed row spreads its other keys to the suppression list (spread.go), but an
// email is a weak key: `leads optout in:ghost`, then a row tying info@acme.com to
// in:ghost, must not suppress Amy's row with info@acme.com and in:amy, in this import
// or a later one, since an email never joins two LinkedIn profiles (identity.go). So
// the entries a row spreads carry a reason naming which LinkedIn keys the suppressed
// person had ("spread from in"), and a row barred by such an email alone, whose own
// LinkedIn key of that kind is not suppressed, is another person: it is imported
// without the address, with a warning. The suppressed person's LinkedIn keys are on
// the list themselves, so a row whose key of that kind is not is someone else.

// spreadPrefix starts the reason of an entry a suppressed row spread.
const spreadPrefix = "spread from "

// spreadKinds says which LinkedIn keys the person a spread entry came from had.
type spreadKinds struct{ profile, sales bool }

// spreadReason is the reason of the entries a suppressed row with LinkedIn identity
// from spreads; "" (a plain opt-out) when it has none, since then no row can be told
// apart from it.
func spreadReason(from linkedIn) string {
	switch {
	case from.profile != "" && from.sales != "":
		return spreadPrefix + "in and sales"
	case from.profile != "":
		return spreadPrefix + "in"
	case from.sales != "":
		return spreadPrefix + "sales"
	}
	return ""
}

// spreadFrom reads the kinds a spread entry's reason names.
func spreadFrom(reason string) spreadKinds {
	rest, ok := strings.CutPrefix(reason, spreadPrefix)
	if !ok {
		return spreadKinds{}
	}
	var k spreadKinds
	for _, kind := range strings.Split(rest, " and ") {
		switch kind {
		case KeyProfile.String():
			k.profile = true
		case KeySales.String():
			k.sales = true
		}
	}
	return k
}

// otherThan reports whether a row with LinkedIn identity row, none of whose LinkedIn
// keys is suppressed, is another person than the one a spread entry of kinds came
// from: it has a key of a kind that person had, and so a different one.
func (k spreadKinds) otherThan(row linkedIn) bool {
	return k.profile && row.profile != "" || k.sales && row.sales != ""
}

// spreadApart returns the index of the email among keys when that email is the only
// key suppressed (a row with two such addresses stays suppressed) (by a hash in one of the sets) and an entry spread from another
// LinkedIn profile than the row's (spread, hash -> reason); -1 otherwise.
func spreadApart(keys []Key, spread map[string]string, sets ...map[string]struct{}) int {
	if len(spread) == 0 {
		return -1
	}
	email := -1
	for i, k := range keys {
		h := k.Hash()
		listed := false
		for _, s := range sets {
			if k.listedIn(s) {
				listed = true
			}
		}
		if !listed {
			continue
		}
		if k.Type != KeyEmail || email >= 0 || !spreadFrom(spread[h]).otherThan(linkedInOfKeys(keys)) {
			return -1 // a second suppressed address: the row stays suppressed
		}
		email = i
	}
	return email
}

// spreadWarning is the warning of a row whose email another profile's suppression
// keeps off it.
func spreadWarning(line int, column, email string, row linkedIn) RowWarning {
	return RowWarning{Line: line, Field: column, Value: email,
		Reason: fmt.Sprintf("email %s is on the suppression list as the address of another LinkedIn profile than this row's (%s), who opted out; it was left out of this row's lead, which was imported without it",
			email, row)}
}
