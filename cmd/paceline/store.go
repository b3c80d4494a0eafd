package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/sqlite"
)

// openStore opens the database named by --db, creating it when it does not exist yet.
// Commands that write call it only after their input has been validated, so a bad
// command line never leaves a new file behind.
func (a *app) openStore(ctx context.Context) (*sqlite.Store, error) {
	if err := checkSQLitePath(a.dbPath); err != nil {
		return nil, err
	}
	return sqlite.Open(ctx, a.dbPath)
}

// checkSQLitePath refuses a --db that is not a PostgreSQL URL and cannot be meant as a
// SQLite file either: an empty one, which os.Stat takes for a missing file, a directory
// (which SQLite reports as a file it cannot open, exit 3), and a URL of another
// database (mysql://...), which would otherwise be looked for as a file in a directory
// named "mysql:".
func checkSQLitePath(path string) error {
	if strings.TrimSpace(path) == "" {
		return paceline.FieldErrorf("db", "is empty (give the path of the database file, such as paceline.db)")
	}
	if strings.HasPrefix(path, "postgres:") || strings.HasPrefix(path, "postgresql:") {
		// isPostgres wants the "//": postgres:/host is a slip, not a file name.
		return paceline.FieldErrorf("db", "%s is not a PostgreSQL URL paceline can read (want postgres://user:password@host:5432/database?sslmode=disable)", path)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return paceline.FieldErrorf("db", "%s is a directory; give the path of the database file, such as %s", path, filepath.Join(path, "paceline.db"))
	}
	if scheme, _, ok := strings.Cut(path, "://"); ok && scheme != "" && !strings.ContainsAny(scheme, `/\`) {
		return paceline.FieldErrorf("db", "%s is a %s URL; paceline keeps its data in a SQLite file (a path such as paceline.db) or in PostgreSQL (postgres://user@host:5432/db)", path, scheme)
	}
	return nil
}

// storeIfExists opens the database for a command that only reads. It reports false,
// without creating anything, when there is no file at --db: a mistyped path should not
// leave an empty database behind.
func (a *app) storeIfExists(ctx context.Context) (*sqlite.Store, bool, error) {
	if err := checkSQLitePath(a.dbPath); err != nil {
		return nil, false, err
	}
	if _, err := os.Stat(a.dbPath); errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("look for database %s: %w", a.dbPath, err)
	}
	s, err := openReadable(ctx, a.dbPath)
	if err != nil {
		return nil, false, err
	}
	return s, true, nil
}

// openReadable opens an existing database file: as Open does (migrating it) when it
// may be written, otherwise read-only (sqlite.OpenReadOnly), so that a file of mode
// 0444 or another user's can still be read. A write through a store opened read-only
// fails with the file's read-only error; when the read-only open fails too, the error
// is Open's, which says the file is read-only.
func openReadable(ctx context.Context, path string) (*sqlite.Store, error) {
	if !mayWrite(path) {
		return sqlite.OpenReadOnly(ctx, path)
	}
	s, err := sqlite.Open(ctx, path)
	if err == nil || !sqlite.IsReadOnly(err) {
		return s, err
	}
	if ro, roErr := sqlite.OpenReadOnly(ctx, path); roErr == nil {
		return ro, nil
	}
	return nil, err
}

// mayWrite reports whether this process may open the file at path for writing (false
// for a file of mode 0444 when not root, another user's, one on a read-only disk).
func mayWrite(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return !errors.Is(err, fs.ErrPermission) && !errors.Is(err, syscall.EROFS)
	}
	f.Close()
	return true
}

// withAppStore runs fn on the database at --db, opened as openAppStore does (mustExist
// refuses a missing SQLite file), and closes it when fn returns.
func (a *app) withAppStore(ctx context.Context, mustExist bool, fn func(st appStore) error) error {
	st, err := a.openAppStore(ctx, mustExist)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}
