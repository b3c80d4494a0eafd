package leadrow

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paceline/paceline"
)

// appendPoints appends a rule's points as JSON, as strconv.AppendFloat's shortest 'f'
// form would: whole numbers, nearly all of them, without the float formatting.
func appendPoints(b []byte, p float64) []byte {
	if p != 0 && p == math.Trunc(p) && math.Abs(p) < 1e15 {
		return strconv.AppendInt(b, int64(p), 10)
	}
	return strconv.AppendFloat(b, p, 'f', -1, 64)
}

// parsePlainPairs decodes the pairs exactly as ExplanationJSON writes them when no
// rule needs an escape, which is every explanation of the default rules: an import
// reads one back for each duplicate row, and encoding/json was most of that. It
// reports false for anything else (escapes, spaces, invalid UTF-8, a malformed
// value), which ParseExplanation then hands to encoding/json.
func parsePlainPairs(s string) ([]paceline.ScoreContribution, bool) {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' || strings.IndexByte(s, '\\') >= 0 {
		return nil, false
	}
	out := make([]paceline.ScoreContribution, 0, strings.Count(s, "],[")+1)
	rest := s[1 : len(s)-1]
	for {
		// ["rule",points]
		if !strings.HasPrefix(rest, `["`) {
			return nil, false
		}
		rest = rest[2:]
		q := strings.IndexByte(rest, '"')
		if q < 0 || !strings.HasPrefix(rest[q:], `",`) {
			return nil, false
		}
		rule := rest[:q]
		rest = rest[q+2:]
		end := strings.IndexByte(rest, ']')
		if end < 0 || !utf8.ValidString(rule) || hasControl(rule) {
			return nil, false
		}
		pts, err := strconv.ParseFloat(rest[:end], 64)
		if err != nil || !plainNumber(rest[:end]) {
			return nil, false
		}
		out = append(out, paceline.ScoreContribution{Rule: rule, Points: pts})
		rest = rest[end+1:]
		if rest == "" {
			return out, true
		}
		if rest[0] != ',' {
			return nil, false
		}
		rest = rest[1:]
	}
}

// hasControl reports whether s holds a byte JSON does not allow unescaped in a string.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 {
			return true
		}
	}
	return false
}

// plainNumber reports whether s is in the JSON number grammar's plain decimal form
// (an optional minus, digits without a leading zero, an optional fraction), the only one appendPoints
// writes; strconv.ParseFloat alone would also take "+1", "1e3", "Inf" or "0x1p-2".
func plainNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" || len(s) > 1 && s[0] == '0' && s[1] != '.' {
		return false
	}
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0 && i < len(s)-1:
			dot = true
		default:
			return false
		}
	}
	return true
}
