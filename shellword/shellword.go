// Package shellword quotes words for a POSIX shell command line that paceline prints
// for a user to copy and paste (a campaign called "spring push", a database path with
// a space), so that the line runs as printed.
package shellword

import "strings"

// Quote returns s as one word of a POSIX shell command line: as it is when it holds
// only characters no shell treats specially (letters, digits and -_./:@+=,), else in
// single quotes, a single quote in s closing the quotes, standing escaped by a
// backslash and opening them again. The empty string is a pair of single quotes.
func Quote(s string) string {
	plain := s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@+=,", r))
	}) < 0
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
