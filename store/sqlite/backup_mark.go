package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// A backup copy carries the time it was taken in SQLite's user_version header field
// (minutes since 1970, UTC; paceline uses the field for nothing else, and VACUUM keeps
// it). A restored copy has forgotten every action done after that time, so serve and
// worker refuse it until the restore is acknowledged, which clears the field: the
// live database's is 0. QA restored a morning's backup in the afternoon and serve sent
// five people their email again.

// MarkBackup stamps the backup copy at path (a file no one else has open yet) with
// the time taken.
func MarkBackup(ctx context.Context, path string, taken time.Time) error {
	db, err := sql.Open("sqlite", fileURI(path))
	if err != nil {
		return fmt.Errorf("mark backup %s: %w", path, err)
	}
	defer db.Close()
	minutes := max(taken.Unix()/60, 1)
	if _, err := db.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", minutes)); err != nil {
		return fmt.Errorf("mark backup %s: %w", path, err)
	}
	return nil
}

// BackupTaken returns when the database was backed up, when it is a backup copy
// (restored) whose restore was not acknowledged yet; the zero time otherwise.
func (s *Store) BackupTaken(ctx context.Context) (time.Time, error) {
	var minutes int64
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&minutes); err != nil {
		return time.Time{}, fmt.Errorf("read backup mark of %s: %w", s.path, err)
	}
	if minutes <= 0 {
		return time.Time{}, nil
	}
	return time.Unix(minutes*60, 0).UTC(), nil
}

// AcknowledgeRestore clears the backup mark: the restored database is the live one.
func (s *Store) AcknowledgeRestore(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, "PRAGMA user_version = 0"); err != nil {
		return fmt.Errorf("clear backup mark of %s: %w", s.path, err)
	}
	return nil
}
