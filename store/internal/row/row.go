// Package row reads query results the same way in both stores. database/sql's rows and
// pgx's rows scan alike, so the code that turns a row into a domain value is written
// once (in the store/internal/*row packages) and serves both drivers.
package row

import (
	"database/sql"
	"errors"
)

// Scanner is one result row: *sql.Row, *sql.Rows, pgx.Row or pgx.Rows.
type Scanner interface{ Scan(dest ...any) error }

// Rows is a result set: *sql.Rows or pgx.Rows. The caller still closes it.
type Rows interface {
	Scanner
	Next() bool
	Err() error
}

// Missing reports the error of a query that found no row. pgx's ErrNoRows is also
// database/sql's, so one test serves both drivers.
func Missing(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// All reads every row of rows with read, in order. An error of read is returned as
// read gave it (read names the row it could not decode); an error of the result set
// itself goes through fail, which says what the store was doing.
func All[T any](rows Rows, read func(Scanner) (T, error), fail func(error) error) ([]T, error) {
	var out []T
	for rows.Next() {
		v, err := read(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(err)
	}
	return out, nil
}

// Wrap returns read with its errors passed through fail, for a store that says what it
// was doing on a row it could not read as on a failed result set.
func Wrap[T any](read func(Scanner) (T, error), fail func(error) error) func(Scanner) (T, error) {
	return func(s Scanner) (T, error) {
		v, err := read(s)
		if err != nil {
			return v, fail(err)
		}
		return v, nil
	}
}

// One reads a row of one column, such as a name, for All.
func One[T any](s Scanner) (T, error) {
	var v T
	err := s.Scan(&v)
	return v, err
}
