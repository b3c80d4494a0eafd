package lead

import (
	"fmt"
	"strings"
	"time"
)

// optOutLayouts are the date and time forms an opted_out_at column may hold: RFC 3339
// as paceline's export writes it, and the ISO forms a spreadsheet or a CRM writes. A
// time without a zone is UTC. Forms such as 03/01/2024 are refused: the day and the
// month cannot be told apart.
var optOutLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
}

// parseOptOut reads the value of an opted_out_at column: a no (false, no, n, 0, f) is
// not an opt-out, a yes (true, yes, y, 1, t) is one at the import's time (zero at),
// and a date or time is one at that time. ok is false for anything else, which must
// not be guessed at: taken as a yes it would suppress a person who did not opt out,
// taken as a no it would contact one who did.
func parseOptOut(v string) (optedOut bool, at time.Time, ok bool) {
	switch strings.ToLower(v) {
	case "false", "no", "n", "0", "f":
		return false, time.Time{}, true
	case "true", "yes", "y", "1", "t":
		return true, time.Time{}, true
	}
	for _, layout := range optOutLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return true, t.UTC(), true
		}
	}
	return false, time.Time{}, false
}

// optOutValueError is the reason a row with an opted_out_at value parseOptOut refuses
// is rejected for.
func optOutValueError(column, v string) string {
	if len(v) > 100 {
		v = v[:100] + "..."
	}
	return fmt.Sprintf("column %q (opted_out_at) holds %q, which says neither whether nor when the person opted out; "+
		"write true, yes or 1 (opted out, at the import's time), false, no, 0 or nothing (not opted out), "+
		"or the date it happened, such as 2024-03-01 or 2024-03-01T10:00:00Z", column, v)
}
