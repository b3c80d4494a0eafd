package lead

// An entry of a suppression list put back from an export opts out the stored leads
// holding its key (the stores' optOutHolders), but an entry a suppressed row spread
// names the address of a person with certain LinkedIn keys: `leads optout in:ghost`,
// then Ghost and Amy sharing info@acme.com, spread info@acme.com "from in". Restored
// in a database where Amy (in:amy, info@acme.com) is a lead, it must spare her as it
// spares her row in an import (spread_reason.go): her /in/ key is not suppressed, so
// she is not the person the address was spread from.

// SpreadApart reports whether a stored lead holding keys is another person than the
// ones the suppression entries of its keys came from, and so is not to be opted out
// for them: listed maps the hashes of its keys that are on the suppression list to
// their entries' reasons, and every one of them is an email spread from a LinkedIn
// key of a kind the lead holds and has not suppressed (the rule a row of an import
// is imported without such an email by). False when none of the keys is listed.
func SpreadApart(keys []Key, listed map[string]string) bool {
	set := make(map[string]struct{}, len(listed))
	for h := range listed {
		set[h] = struct{}{}
	}
	return spreadApart(keys, listed, set) >= 0
}
