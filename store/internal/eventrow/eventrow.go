// Package eventrow is how both stores read back the events of the platform (migration
// 0001 of each store holds the same columns). The SQL stays in each store; what it
// selects is Columns, in the order Scan reads.
package eventrow

import (
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/row"
)

// Columns a select of events names, in the order Scan reads them.
const Columns = `id, key, at, account, lead, type, kind, until`

// Scan reads a row of Columns. K and T are the driver's scan targets for the nullable
// key and until, and fromNullString and fromNullTime turn them into a key ("" for
// NULL) and a time (zero for NULL). Its error is the driver's as it is, for the caller
// to say what it was doing.
func Scan[K, T any](r row.Scanner, fromNullString func(K) string, fromNullTime func(T) time.Time) (paceline.Event, error) {
	var (
		e         paceline.Event
		key       K
		typ, kind string
		end       T
	)
	if err := r.Scan(&e.ID, &key, &e.At, &e.Account, &e.Lead, &typ, &kind, &end); err != nil {
		return paceline.Event{}, err
	}
	e.Key, e.At, e.Type, e.Kind, e.Until = fromNullString(key), e.At.UTC(), paceline.EventKind(typ), paceline.ActionKind(kind), fromNullTime(end)
	return e, nil
}

// ColumnsOf is Columns with each name qualified by a table alias, for a join: for "e",
// "e.id, e.key, ...".
func ColumnsOf(alias string) string {
	return alias + "." + strings.ReplaceAll(Columns, ", ", ", "+alias+".")
}
