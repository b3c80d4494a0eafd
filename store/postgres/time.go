package postgres

import "time"

// timestamptz keeps microseconds. pgx truncates a time.Time's nanoseconds on the way
// in, and the store does the same explicitly wherever it hands a time back to the
// caller (a stamped CreatedAt), so the caller holds exactly what the database holds.
// Every instant comes out in UTC, whatever the session's TimeZone setting.

// dbTime is t at the database's precision, in UTC.
func dbTime(t time.Time) time.Time { return t.Truncate(time.Microsecond).UTC() }

// nullTime maps the zero time (the domain's "not set") to NULL.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := dbTime(t)
	return &u
}

// fromNullTime maps NULL back to the zero time.
func fromNullTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// nullString maps an empty key to NULL, so that only real keys are held unique.
func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// fromNullString maps NULL back to the empty key.
func fromNullString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
