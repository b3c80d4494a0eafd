package lead

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// legalSuffixes are company-form words dropped from the end of a name for matching,
// written as they look once dots are removed ("S.A." -> "sa", "B.V." -> "bv").
var legalSuffixes = map[string]bool{
	"inc": true, "incorporated": true, "llc": true, "llp": true, "lp": true, "ltd": true,
	"limited": true, "corp": true, "corporation": true, "co": true, "company": true,
	"plc": true, "gmbh": true, "ag": true, "kg": true, "ug": true, "mbh": true, "ev": true,
	"sas": true, "sasu": true, "sa": true, "sarl": true, "eurl": true, "sca": true,
	"bv": true, "nv": true, "srl": true, "spa": true, "sl": true, "sau": true,
	"oy": true, "oyj": true, "ab": true, "as": true, "asa": true, "aps": true,
	"pty": true, "pte": true, "kk": true, "bhd": true, "sdn": true, "pvt": true,
	"se": true, "sp": true, "zoo": true, "doo": true, "ltda": true, "cv": true,
}

// CompanyKey returns the form of a company name used to match two spellings of one
// company: lower case, '&' read as "and", punctuation dropped, legal-form suffixes
// (Inc, LLC, Ltd, GmbH, SAS, S.A., B.V., AG, plc, Corp ...) and a leading "The" removed.
// "Acme, Inc." and "ACME Inc" give "acme". The display form is kept separately.
func CompanyKey(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	for _, r := range name {
		switch {
		case r == '.' || r == '\'' || r == '’':
		case r == '&' || r == '+':
			b.WriteString(" and ")
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			b.WriteRune(r)
		case r < utf8.RuneSelf && r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	toks := strings.Fields(b.String())
	for len(toks) > 1 && (legalSuffixes[toks[len(toks)-1]] || toks[len(toks)-1] == "and") {
		toks = toks[:len(toks)-1]
	}
	if len(toks) > 1 && toks[0] == "the" {
		toks = toks[1:]
	}
	return strings.Join(toks, " ")
}

// ParseEmployees reads a head count as exports write it: "51-200", "1,001-5,000",
// "10,001+", "201 to 500 employees", "120", "Self-employed". Max zero means no upper
// bound; ok is false when the text says nothing about size.
func ParseEmployees(s string) (min, max int, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, 0, false
	}
	if strings.Contains(s, "self") || s == "myself only" {
		return 1, 1, true
	}
	var buf [4]int
	nums := buf[:0]
	plus := strings.IndexByte(s, '+') >= 0
	for i := 0; i < len(s) && len(nums) < cap(nums); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		// Read digits, skipping thousands separators ("1,001").
		n, j := 0, i
		for ; j < len(s); j++ {
			c := s[j]
			if c >= '0' && c <= '9' {
				if n < 1e9 {
					n = n*10 + int(c-'0')
				}
			} else if c != ',' || j+1 >= len(s) || s[j+1] < '0' || s[j+1] > '9' {
				break
			}
		}
		if j < len(s) && s[j] == 'k' {
			n *= 1000
		}
		nums = append(nums, n)
		i = j
	}
	switch {
	case len(nums) == 0:
		return 0, 0, false
	case len(nums) == 1 && plus:
		return nums[0], 0, true
	case len(nums) == 1:
		return nums[0], nums[0], true
	case nums[1] < nums[0]:
		return nums[1], nums[0], true
	default:
		return nums[0], nums[1], true
	}
}
