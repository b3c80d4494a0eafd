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
	colNoteQuota = "note_quota_monthly"
	// The InMail credits (Ledger.InMail), named as accounts add --cap names them.
	colInMailMonthly  = paceline.LimitInMailMonthly
	colInMailRollover = paceline.LimitInMailRolloverCap
	capColPrefixW     = "weekly_"
	capColPrefixD     = "daily_"
	capColSuffix      = "_cap"
	maxCapValue       = 1 << 30
	maxNoteQuota      = 1 << 30
	defaultNoQuota    = -1
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
	f, err := readAccountsFile(r, name)
	return f.accounts, f.dailyListed, err
}

// accountsFile is what accounts.csv says: the accounts, whether it lists daily caps,
// and the InMail credits it gives (Ledger.InMail).
type accountsFile struct {
	accounts    []Account
	dailyListed bool
	inmail      map[string]Credits
}

func readAccountsFile(r io.Reader, name string) (accountsFile, error) {
	var f accountsFile
	t, err := openTable(r, name, accountColumns)
	if err != nil {
		return f, err
	}
	caps, err := capColumns(t)
	if err != nil {
		return f, err
	}
	for _, c := range caps {
		f.dailyListed = f.dailyListed || !c.weekly
	}
	zones := map[string]*time.Location{}
	lines := map[string]int{}
	for {
		rec, line, err := t.next()
		if errors.Is(err, io.EOF) {
			return f, nil
		}
		if err != nil {
			return accountsFile{}, err
		}
		a, err := parseAccount(t, rec, line, caps, zones)
		if err != nil {
			return accountsFile{}, err
		}
		if first, dup := lines[a.Name]; dup {
			return accountsFile{}, t.errorf(line, "account %q is already described on line %d", a.Name, first)
		}
		lines[a.Name] = line
		cr, given, err := parseCredits(t, rec, line)
		if err != nil {
			return accountsFile{}, err
		}
		if given {
			if f.inmail == nil {
				f.inmail = map[string]Credits{}
			}
			f.inmail[a.Name] = cr
		}
		f.accounts = append(f.accounts, a)
	}
}

// parseCredits reads the optional inmail_monthly and inmail_rollover_cap cells of an
// account; an empty one is -1, the type's figure (Credits), and given is false when
// both are empty.
func parseCredits(t *table, rec []string, line int) (cr Credits, given bool, err error) {
	cr = Credits{Monthly: -1, RolloverCap: -1}
	for _, c := range []struct {
		col string
		n   *int
	}{{colInMailMonthly, &cr.Monthly}, {colInMailRollover, &cr.RolloverCap}} {
		s := t.field(rec, c.col)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > maxCapValue {
			return cr, false, t.errorf(line, "%s: %q is not a whole number of zero or more (leave it empty for the account type's credits)", c.col, s)
		}
		*c.n, given = n, true
	}
	return cr, given, nil
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
			continue // the type's preset (Ledger.HoldToLinkedIn)
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > maxCapValue {
			return bad(c.name, "%q is not a whole number of zero or more (leave it empty for the account type's preset)", s)
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
			return bad(colNoteQuota, "%q is not a whole number of zero or more (leave it empty for the account type's preset)", s)
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
