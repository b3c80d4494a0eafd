package linkedinexport

import (
	"strings"
	"time"
)

// LinkedIn writes dates in a different format in each file, and has changed them over
// the years. The layouts below are the ones seen in archives; each parser tries its
// own list in order.
var (
	// Connected On: "15 Jan 2026", a local calendar date.
	connectedLayouts = []string{"2 Jan 2006", "02 Jan 2006", "2-Jan-06", "Jan 2, 2006", "2006-01-02", "1/2/06", "1/2/2006"}
	// Sent At: "1/29/26, 2:37 PM", a local time to the minute.
	sentLayouts = []string{"1/2/06, 3:04 PM", "1/2/2006, 3:04 PM", "1/2/06, 15:04", "1/2/2006, 15:04", "1/2/06 3:04 PM", "2006-01-02 15:04:05", "2006-01-02 15:04"}
	// DATE: "2026-01-29 14:37:12 UTC", in UTC.
	messageLayouts = []string{"2006-01-02 15:04:05", "2006-01-02 15:04", time.RFC3339, "2006-01-02T15:04:05"}
)

// parseDate reads s with the first layout that fits, in loc. Newer exports put a
// narrow no-break space before AM/PM (as ICU formats times); it reads as a space.
func parseDate(s string, layouts []string, loc *time.Location) (time.Time, bool) {
	if !plainSpaces(s) {
		s = strings.Join(strings.FieldsFunc(s, isSpace), " ")
	}
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range layouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, plausible(t)
		}
	}
	return time.Time{}, false
}

// plausible refuses dates from before LinkedIn existed or far in the future: they
// come from a damaged file, and a zero year would read as "no date" downstream.
func plausible(t time.Time) bool {
	y := t.Year()
	return y >= 2002 && y <= 2200
}

// plainSpaces reports whether s is trimmed and spaced by single ASCII spaces, as most
// dates are: they then parse as they are, without a copy.
func plainSpaces(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return s == ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\t' || c == '\r' || c == '\n' || c >= 0x80 || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u202f' || r == '\r' || r == '\n'
}

// parseMessageDate reads a messages.csv DATE, which LinkedIn writes in UTC and marks
// so; an explicit "UTC" or "Z" suffix is dropped, any other zone name is refused
// rather than guessed.
func parseMessageDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutSuffix(s, " UTC"); ok {
		s = rest
	} else if rest, ok := strings.CutSuffix(s, " GMT"); ok {
		s = rest
	}
	return parseDate(s, messageLayouts, time.UTC)
}
