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

// actionColumns is the header actions.csv must have, in the order WriteDir writes it.
var actionColumns = []string{"at", "account", "kind", "lead", "result"}

// Optional actions.csv columns.
const (
	colNote     = "note"
	colKey      = "key"
	colCampaign = "campaign"
	colStep     = "step"
)

// readActions reads actions.csv; name is used in errors.
func readActions(r io.Reader, name string) ([]paceline.Action, error) {
	t, err := openTable(r, name, actionColumns)
	if err != nil {
		return nil, err
	}
	cols := actionColumnIndex{
		at: t.column("at"), account: t.column("account"), kind: t.column("kind"), lead: t.column("lead"),
		result: t.column("result"), note: t.column(colNote), key: t.column(colKey),
		campaign: t.column(colCampaign), step: t.column(colStep),
	}
	// Account names repeat on every line: share one string per name instead of one per
	// row.
	names := map[string]string{}
	var actions []paceline.Action
	for {
		rec, line, err := t.next()
		if errors.Is(err, io.EOF) {
			return actions, nil
		}
		if err != nil {
			return nil, err
		}
		a, err := parseAction(t, &cols, rec, line, names)
		if err != nil {
			return nil, err
		}
		actions = append(actions, a)
	}
}

// actionColumnIndex holds where each actions.csv column is, -1 for an absent one.
type actionColumnIndex struct {
	at, account, kind, lead, result, note, key, campaign, step int
}

func parseAction(t *table, cols *actionColumnIndex, rec []string, line int, names map[string]string) (paceline.Action, error) {
	bad := func(col, format string, args ...any) (paceline.Action, error) {
		return paceline.Action{}, t.errorf(line, "%s: %s", col, fmt.Sprintf(format, args...))
	}
	var a paceline.Action
	s := value(rec, cols.at)
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return bad("at", "%q is not an RFC 3339 time (write it like 2027-03-15T09:30:00Z or 2027-03-15T10:30:00+01:00)", s)
	}
	// The ledger is written back in UTC, where an offset can carry a time out of the
	// four-digit years that RFC 3339 writes (0000-01-01T00:30:00+01:00 is in year -1).
	if y := at.UTC().Year(); y < 0 || y > 9999 {
		return bad("at", "%q lies outside the years 0000 to 9999 in UTC", s)
	}
	a.At = at
	name := value(rec, cols.account)
	if name == "" {
		return bad("account", "is empty (name the account that acted)")
	}
	shared, ok := names[name]
	if !ok {
		shared = strings.Clone(name)
		names[shared] = shared
	}
	a.Account = shared
	if a.Kind, err = parseKind(value(rec, cols.kind)); err != nil {
		return bad("kind", "%s", userMessage(err))
	}
	a.Lead = value(rec, cols.lead)
	switch r := value(rec, cols.result); r {
	case string(paceline.ResultDone):
		a.Result = paceline.ResultDone
	case string(paceline.ResultRefused):
		a.Result = paceline.ResultRefused
	case string(paceline.ResultFailed):
		a.Result = paceline.ResultFailed
	default:
		return bad("result", "%q is not a result (want done, refused or failed)", r)
	}
	if s := value(rec, cols.note); s != "" {
		if a.WithNote, err = strconv.ParseBool(s); err != nil {
			return bad(colNote, "%q is not true or false", s)
		}
	}
	a.Key = value(rec, cols.key)
	a.Campaign = value(rec, cols.campaign)
	a.Step = value(rec, cols.step)
	return a, nil
}

// parseKind returns the package constant for a kind name, so rows share its string.
func parseKind(s string) (paceline.ActionKind, error) {
	k, err := paceline.ParseActionKind(s)
	if err != nil {
		return "", err
	}
	return paceline.ActionKinds[k.Index()], nil
}
