package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

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
	s, err := sqlite.Open(ctx, a.dbPath)
	if err != nil {
		return nil, false, err
	}
	return s, true, nil
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
