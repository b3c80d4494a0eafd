package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/paceline/paceline"
)

// OpenNew creates a database at path, where no file may exist yet but an empty one
// the caller made (to lock it, say), for this process alone: until the caller closes the store, nothing else may open the file (give it a
// name no one else knows, and move it into place when done). In return, a first
// import into it stores its leads by writing the tables' pages itself rather than
// through SQLite a row at a time (lead_bulk.go), several times faster; when such an
// import fails, the file is left unusable and the caller removes it.
func OpenNew(ctx context.Context, path string) (*Store, error) {
	if fi, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) && !(err == nil && fi.Mode().IsRegular() && fi.Size() == 0) {
		if err == nil {
			return nil, paceline.Errorf(paceline.EINVALID, "%s exists already: give the path of a new database", path)
		}
		return nil, openError(path, err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		return nil, err
	}
	s.private = true
	return s, nil
}

// open opens the store's file (not migrating it).
func (s *Store) open(ctx context.Context) error {
	db, err := sql.Open("sqlite", dsn(s.path))
	if err != nil {
		return fmt.Errorf("open database %s: %w", s.path, err)
	}
	// sql.Open is lazy: the first connection is what finds a missing directory or a
	// read-only file, so make it now and report it as the user's problem to fix.
	if err := pingOpening(ctx, db); err != nil {
		db.Close()
		return openError(s.path, err)
	}
	s.db = db
	return nil
}
