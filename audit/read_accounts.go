package audit

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
)

// accountColumns is the header accounts.csv must have, in the order WriteDir writes it.
var accountColumns = []string{
	"account", "type", "time_zone", "working_hours", "working_days", "min_gap",
	"weekly_invite_cap", "weekly_message_cap",
}

// Optional accounts.csv column names.
const (
	colNoteQuota   = "note_quota_monthly"
	capColPrefixW  = "weekly_"
	capColPrefixD  = "daily_"
	capColSuffix   = "_cap"
	maxCapValue    = 1 << 30
	maxNoteQuota   = 1 << 30
	defaultNoQuota = -1
)

// capColumn is one cap column found in the header.
type capColumn struct {
	name   string
	kind   paceline.ActionKind
	weekly bool
}

// readAccounts reads accounts.csv; name is used in errors. dailyListed reports whether
// the file has a daily cap column (see Ledger.DailyCapsListed).
func readAccounts(r io.Reader, name string) (accounts []Account, dailyListed bool, err error) {
	t, err := openTable(r, name, accountColumns)
	if err != nil {
		return nil, false, err
	}
	caps, err := capColumns(t)
	if err != nil {
		return nil, false, err
	}
	for _, c := range caps {
		dailyListed = dailyListed || !c.weekly
	}
	zones := map[string]*time.Location{}
	lines := map[string]int{}
	for {
		rec, line, err := t.next()
		if errors.Is(err, io.EOF) {
			return accounts, dailyListed, nil
		}
		if err != nil {
			return nil, false, err
		}
		a, err := parseAccount(t, rec, line, caps, zones)
		if err != nil {
			return nil, false, err
		}
		if first, dup := lines[a.Name]; dup {
			return nil, false, t.errorf(line, "account %q is already described on line %d", a.Name, first)
		}
		lines[a.Name] = line
		accounts = append(accounts, a)
	}
}

// capColumns finds the weekly_<kind>_cap and daily_<kind>_cap columns. A cap column
// that names no known kind is an error rather than an ignored column: a typo there
// would silently switch a cap off, which is exactly what an auditor must not do.
func capColumns(t *table) ([]capColumn, error) {
	var caps []capColumn
	for col := range t.cols {
		var prefix string
		switch {
		case !strings.HasSuffix(col, capColSuffix):
			continue
		case strings.HasPrefix(col, capColPrefixW):
			prefix = capColPrefixW
		case strings.HasPrefix(col, capColPrefixD):
			prefix = capColPrefixD
		default:
			continue
		}
		kindName := strings.TrimSuffix(strings.TrimPrefix(col, prefix), capColSuffix)
		k, err := paceline.ParseActionKind(kindName)
		if err != nil {
			return nil, t.errorf(1, "column %q: %s", col, paceline.ErrorMessage(err))
		}
		caps = append(caps, capColumn{name: col, kind: k, weekly: prefix == capColPrefixW})
	}
	return caps, nil
}

func parseAccount(t *table, rec []string, line int, caps []capColumn, zones map[string]*time.Location) (Account, error) {
	bad := func(col, format string, args ...any) (Account, error) {
		return Account{}, t.errorf(line, "%s: %s", col, fmt.Sprintf(format, args...))
	}
	a := Account{Name: t.field(rec, "account"), NoteQuotaMonthly: defaultNoQuota}
	if a.Name == "" {
		return bad("account", "is empty (every account needs its name)")
	}
	a.Name = strings.Clone(a.Name) // do not pin the whole CSV line
	typ, err := paceline.ParseAccountType(t.field(rec, "type"))
	if err != nil {
		return bad("type", "%s", userMessage(err))
	}
	a.Type = typ
	tz := t.field(rec, "time_zone")
	loc, ok := zones[tz]
	if !ok {
		if loc, err = paceline.LoadTimeZone(tz); err != nil {
			return bad("time_zone", "%s", userMessage(err))
		}
		zones[tz] = loc
	}
	a.Location = loc
	if a.Hours, err = paceline.ParseWorkingHours(t.field(rec, "working_hours")); err != nil {
		return bad("working_hours", "%s", userMessage(err))
	}
	if a.Days, err = paceline.ParseWorkingDays(t.field(rec, "working_days")); err != nil {
		return bad("working_days", "%s", userMessage(err))
	}
	a.MinGap = paceline.DefaultMinGap
	if s := t.field(rec, "min_gap"); s != "" {
		if a.MinGap, err = time.ParseDuration(s); err != nil || a.MinGap < 0 {
			return bad("min_gap", "%q is not a duration of zero or more (write it like 90s or 2m)", s)
		}
	}
	for _, c := range caps {
		s := t.field(rec, c.name)
		if s == "" {
			continue // no cap for this kind
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > maxCapValue {
			return bad(c.name, "%q is not a whole number of zero or more (leave it empty for no cap)", s)
		}
		if c.weekly {
			if a.WeeklyCaps == nil {
				a.WeeklyCaps = map[paceline.ActionKind]int{}
			}
			a.WeeklyCaps[c.kind] = n
		} else {
			if a.DailyCaps == nil {
				a.DailyCaps = map[paceline.ActionKind]int{}
			}
			a.DailyCaps[c.kind] = n
		}
	}
	if s := t.field(rec, colNoteQuota); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > maxNoteQuota {
			return bad(colNoteQuota, "%q is not a whole number of zero or more (leave it empty for no quota)", s)
		}
		a.NoteQuotaMonthly = n
	}
	return a, nil
}

// userMessage is the sentence of a root parser's error without its field prefix, since
// the CSV column is named already.
func userMessage(err error) string {
	var e *paceline.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
