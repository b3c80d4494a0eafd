package sqlite

import (
	"database/sql"
	"time"
)

// The database holds every instant in UTC: the driver writes a time.Time with its own
// offset, so a value in another zone would still be right but would no longer sort in
// time order as text, and range queries would miss rows.

// nullTime maps the zero time (the domain's "not set") to NULL.
func nullTime(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC(), Valid: true}
}

// fromNullTime maps NULL back to the zero time.
func fromNullTime(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}
