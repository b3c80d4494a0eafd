package linkedinexport

import "strconv"

func fmtFloat(f float64) string {
	if f == float64(int64(f)) {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', 1, 64)
}

func fmtInt(n int64) string { return strconv.FormatInt(n, 10) }

// quote quotes a value from the archive for a reason, cut short when long.
func quote(s string) string {
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "..."
	}
	return strconv.Quote(s)
}

// subject puts the person a reason is about in front of it, when the row names one.
func subject(name, why string) string {
	if name == "" {
		return why
	}
	return name + ": " + why
}
