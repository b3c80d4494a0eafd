package linkedinexport

import (
	"strings"

	"github.com/paceline/paceline/lead"
)

// profileKey reads a profile URL from the archive into its canonical key. The cause
// and reason, when it fails, are for an Unmatched row.
func profileKey(url string) (lead.Key, Cause, string) {
	if strings.TrimSpace(url) == "" {
		return lead.Key{}, CauseNoProfileURL, "no profile URL"
	}
	k, err := lead.CanonicalProfileKey(url)
	if err != nil {
		return lead.Key{}, CauseBadProfileURL, "unreadable profile URL: " + err.Error()
	}
	return k, "", ""
}

// fullName joins first and last names the way LinkedIn shows them.
func fullName(first, last string) string {
	return strings.TrimSpace(strings.TrimSpace(first) + " " + strings.TrimSpace(last))
}
