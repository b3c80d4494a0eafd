package leadrow

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/paceline/paceline"
)

// The details column holds, as one JSON array, the fields of a lead that no query
// filters, sorts or joins on and that are only ever read and written with the whole
// lead: display name, company, company key, department, location, time zone,
// industry, employee range, Open Profile, Premium and mutual connections, in that
// order. One column instead of twelve is what makes a bulk import fast in the pure-Go
// SQLite, where every bound value costs about a quarter of a microsecond (binding,
// copying into C memory, unbinding): a million-lead import binds eleven million
// values fewer. Migration 0010 of both stores builds the array with the database's
// own JSON functions, so the decoder accepts any whitespace and a shorter array (the
// missing fields are zero).

// DetailsJSON encodes a lead's details for the details column.
func DetailsJSON(l *paceline.Lead) string {
	b := make([]byte, 0, 24+len(l.DisplayName)+len(l.Company)+len(l.CompanyKey)+
		len(l.Department)+len(l.Location)+len(l.TimeZone)+len(l.Industry)+40)
	b = append(b, '[')
	for _, s := range [...]string{l.DisplayName, l.Company, l.CompanyKey, l.Department,
		l.Location, l.TimeZone, l.Industry} {
		b = appendJSONString(b, s)
		b = append(b, ',')
	}
	b = strconv.AppendInt(b, int64(l.EmployeesMin), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(l.EmployeesMax), 10)
	b = append(b, ',')
	b = strconv.AppendBool(b, l.OpenProfile)
	b = append(b, ',')
	b = strconv.AppendBool(b, l.Premium)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(l.MutualConnections), 10)
	return string(append(b, ']'))
}

// ParseDetails decodes a details array into l.
func ParseDetails(s string, l *paceline.Lead) error {
	strs := [...]*string{&l.DisplayName, &l.Company, &l.CompanyKey, &l.Department,
		&l.Location, &l.TimeZone, &l.Industry}
	ints := [...]*int{&l.EmployeesMin, &l.EmployeesMax}
	bools := [...]*bool{&l.OpenProfile, &l.Premium}
	a := jsonArray{s: s}
	for i := 0; ; i++ {
		raw, ok, err := a.next()
		if err != nil {
			return fmt.Errorf("decode details %.40q: %w", s, err)
		}
		if !ok {
			return nil
		}
		switch {
		case i < len(strs):
			err = unquote(raw, strs[i])
		case i < len(strs)+len(ints):
			*ints[i-len(strs)], err = strconv.Atoi(raw)
		case i < len(strs)+len(ints)+len(bools):
			*bools[i-len(strs)-len(ints)], err = strconv.ParseBool(raw)
		case i == len(strs)+len(ints)+len(bools):
			l.MutualConnections, err = strconv.Atoi(raw)
		default:
			err = fmt.Errorf("more than %d fields", i)
		}
		if err != nil {
			return fmt.Errorf("decode details field %d: %w", i+1, err)
		}
	}
}

// unquote decodes a JSON string into dst: by slicing when it holds no escape, as
// nearly every string does.
func unquote(raw string, dst *string) error {
	if len(raw) < 2 || raw[0] != '"' {
		return fmt.Errorf("%.40s is not a string", raw)
	}
	if !strings.ContainsRune(raw, '\\') {
		*dst = raw[1 : len(raw)-1]
		return nil
	}
	return json.Unmarshal([]byte(raw), dst)
}

// jsonArray walks the elements of a flat JSON array of strings, numbers and
// booleans.
type jsonArray struct {
	s       string
	i       int
	started bool
}

// next returns the next element's text (a string with its quotes), or false at the
// end of the array.
func (a *jsonArray) next() (string, bool, error) {
	a.space()
	if !a.started {
		if a.i >= len(a.s) || a.s[a.i] != '[' {
			return "", false, fmt.Errorf("not a JSON array")
		}
		a.i++
		a.space()
		if a.i < len(a.s) && a.s[a.i] == ']' {
			a.i++
			return "", false, a.end()
		}
		a.started = true
	} else {
		switch {
		case a.i < len(a.s) && a.s[a.i] == ']':
			a.i++
			return "", false, a.end()
		case a.i < len(a.s) && a.s[a.i] == ',':
			a.i++
			a.space()
		default:
			return "", false, fmt.Errorf("expected , or ] at byte %d", a.i)
		}
	}
	start := a.i
	if a.i < len(a.s) && a.s[a.i] == '"' {
		for a.i++; a.i < len(a.s) && a.s[a.i] != '"'; a.i++ {
			if a.s[a.i] == '\\' {
				a.i++
			}
		}
		if a.i >= len(a.s) {
			return "", false, fmt.Errorf("unterminated string")
		}
		a.i++
		return a.s[start:a.i], true, nil
	}
	for a.i < len(a.s) && a.s[a.i] != ',' && a.s[a.i] != ']' && !isSpace(a.s[a.i]) {
		a.i++
	}
	if a.i == start {
		return "", false, fmt.Errorf("missing value at byte %d", a.i)
	}
	return a.s[start:a.i], true, nil
}

// end checks that nothing but space follows the array.
func (a *jsonArray) end() error {
	a.space()
	if a.i != len(a.s) {
		return fmt.Errorf("text after the array at byte %d", a.i)
	}
	return nil
}

func (a *jsonArray) space() {
	for a.i < len(a.s) && isSpace(a.s[a.i]) {
		a.i++
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
