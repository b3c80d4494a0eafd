// Package sqlite is paceline's embedded store: accounts, the action ledger and events in
// one SQLite file, through the pure-Go driver modernc.org/sqlite so the binary needs no
// C toolchain. It implements the root interfaces paceline.AccountStore and
// paceline.Ledger; the schema is kept portable so that a PostgreSQL store can copy it.
// What it shares with the PostgreSQL store apart from the SQL (input checks, errors,
// the decoding of rows) is in store/internal's *row packages.
package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/migration"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// Store is an open paceline database. It is safe for concurrent use; several processes
// may share one file, SQLite's locks (with a busy timeout) serialising their writes.
type Store struct {
	db   *sql.DB
	path string
	// migratedFrom and migratedTo are the schema versions Open found and left.
	migratedFrom, migratedTo int

	// NowFunc stamps created_at, updated_at and migration times. Open sets it to
	// time.Now; simulations and tests replace it before use.
	NowFunc func() time.Time

	// private is set by OpenNew: no other connection opens the file, so a first
	// import may write its pages (lead_bulk.go).
	private bool
	// bulkDone says how the last bulk import ended, for the tests: "pages" when it
	// wrote every row as pages, "spilled" when it handed the rest to SQLite.
	bulkDone string
	// bulkMaxOverrides replaces maxOverrides when set, for the tests.
	bulkMaxOverrides int
}

// Compile-time proof that the store is what the engine and the CLI expect.
var (
	_ paceline.AccountStore = (*Store)(nil)
	_ paceline.Ledger       = (*Store)(nil)
)

// Open opens (creating when needed) the database file at path and brings its schema up
// to date (Migrated says what it applied). Unlike PostgreSQL's OpenCurrent, every
// command that writes a SQLite file upgrades it: the file is worked by the one
// machine, and the one paceline binary, it lives with. Errors: EINVALID for an empty path, EUNAVAILABLE when the file cannot be
// opened or written, or when it was written by a newer paceline.
func Open(ctx context.Context, path string) (*Store, error) {
	if strings.TrimSpace(path) == "" {
		return nil, paceline.FieldErrorf("db", "is empty (give the path of the database file, such as paceline.db)")
	}
	if err := probeForeign(ctx, path); err != nil {
		return nil, err
	}
	s := &Store{path: path, NowFunc: time.Now}
	if err := s.open(ctx); err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// OpenReadOnly opens the existing database file at path for reading only: SQLite's
// mode=ro, no journal change and no migration, so a file the user may read but not
// write (mode 0444, another user's, a read-only disk) can still be listed, shown,
// exported and audited. Every write through the store fails. A database in WAL mode
// needs its -shm file: when the directory cannot take one (SQLite says "read-only
// directory") and there is no -wal with content, the file is opened immutable, which
// is safe as no writer is at work then (a writer keeps a -wal) and every commit is in
// the file itself. Errors: EUNAVAILABLE when the file cannot be
// opened or read, when its schema is older than this paceline's (a read-only file
// cannot be migrated), or newer; EINVALID for another program's database.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	if strings.TrimSpace(path) == "" {
		return nil, paceline.FieldErrorf("db", "is empty (give the path of the database file, such as paceline.db)")
	}
	s, err := openReadOnly(ctx, path, false)
	if c := sqliteCode(err) & 0xff; (c == sqlite3.SQLITE_CANTOPEN || c == sqlite3.SQLITE_READONLY) && noWAL(path) {
		s, err = openReadOnly(ctx, path, true)
	}
	if err != nil {
		return nil, openError(path, err)
	}
	if err := s.checkReadOnlySchema(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// openingBusyFor bounds how long pingOpening tries again while the first connection's
// setup finds the file busy.
const openingBusyFor = 10 * time.Second

// pingOpening makes the first connection. Its setup switches a new file to WAL, which
// SQLite answers with SQLITE_BUSY at once, without waiting out the busy timeout, when
// another process is switching the same new file at that moment (two processes that
// open a new database together: 3 in 200 runs of TestConcurrentMigrationsSQLite failed
// "locked by another process for too long" within 0.1 s). That answer is tried again
// for a while; any other, or a lock that lasts, is returned.
func pingOpening(ctx context.Context, db *sql.DB) error {
	deadline := time.Now().Add(openingBusyFor)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err := db.PingContext(ctx)
		if err == nil || !IsLocked(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

// openReadOnly opens and pings path read-only, immutable when asked; the error is the
// driver's, for OpenReadOnly to judge.
func openReadOnly(ctx context.Context, path string, immutable bool) (*Store, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	if immutable {
		q.Set("immutable", "1")
	}
	q.Add("_pragma", "busy_timeout(120000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_time_format", "sqlite")
	db, err := sql.Open("sqlite", fileURI(path)+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: path, NowFunc: time.Now}
	// The ping opens the file; a query of the schema reads it, which is where a WAL
	// database without its -shm fails.
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master`).Scan(&n); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// checkReadOnlySchema refuses a database opened read-only whose schema is not this
// paceline's: another program's, one older (which only a writer can migrate) or newer.
func (s *Store) checkReadOnlySchema(ctx context.Context) error {
	if err := refuseForeign(ctx, s.db, s.path); err != nil {
		return err
	}
	ms, err := migration.Load(migrationFiles)
	if err != nil {
		return err
	}
	current := 0
	var hasTable int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&hasTable); err != nil {
		return openError(s.path, err)
	}
	if hasTable > 0 {
		if current, err = schemaVersion(ctx, s.db); err != nil {
			return openError(s.path, err)
		}
	}
	switch {
	case current > len(ms):
		return paceline.Errorf(paceline.EUNAVAILABLE,
			"database %s has schema version %d but this paceline knows only up to %d: upgrade paceline to use it",
			s.path, current, len(ms))
	case current < len(ms):
		return paceline.Errorf(paceline.EUNAVAILABLE,
			"database %s has schema version %d, older than this paceline's %d, and you may only read it, so it cannot be migrated: run a command that writes (such as paceline migrate --db %s), as a user who may write it, to migrate it",
			s.path, current, len(ms), s.path)
	}
	return nil
}

// IsReadOnly reports whether err is Open's refusal of a file it may not write (or whose
// directory cannot take its journal): a command that only reads may then try
// OpenReadOnly.
func IsReadOnly(err error) bool {
	switch sqliteCode(err) & 0xff {
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN:
		return true
	}
	return false
}

// noWAL reports that the database at path has no write-ahead log with content: no
// writer is at work and every commit is in the file itself, which may then be opened
// immutable.
func noWAL(path string) bool {
	fi, err := os.Stat(path + "-wal")
	return err != nil || fi.Size() == 0
}

// dsn builds the driver's connection string. The pragmas are the ones every connection
// of the pool needs: WAL so that readers never wait for the writer, NORMAL sync (safe
// under WAL), a busy timeout so that concurrent writers queue instead of failing (two
// minutes: a lead import holds the write lock for its whole transaction, and a
// running serve or demo waits for it rather than giving up),
// enforced foreign keys, secure delete (deleted and overwritten content is zeroed in
// the file, so an erased lead, or an earlier version of a row, cannot be read back
// from freed space: GDPR erasure), IMMEDIATE transactions so that a transaction that will write
// takes the write lock up front (no deadlock upgrading a read lock), and the text time
// format that keeps sub-second precision and sorts in time order.
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "busy_timeout(120000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "secure_delete(1)")
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	return fileURI(path) + "?" + q.Encode()
}

// fileURI puts path into a "file:" URI, escaping the characters URIs give a meaning.
func fileURI(path string) string {
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.Clean(path))
}

// probeForeign looks at an existing file read-only, before the real connection's
// pragmas switch its journal to WAL: a lasting change that another program's database
// must not get before migrate refuses it. Only that refusal is returned; whatever else
// the probe meets (a damaged file, a lock) the real open reports in its own words.
func probeForeign(ctx context.Context, path string) error {
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 {
		return nil
	}
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro")
	if err != nil {
		return nil
	}
	defer db.Close()
	if err := refuseForeign(ctx, db, path); paceline.ErrorCode(err) == paceline.EINVALID {
		return err
	}
	return nil
}

// Migrated returns the schema version Open found the file at (0 for a new one) and the
// one it left it at: equal when it applied nothing.
func (s *Store) Migrated() (from, to int) { return s.migratedFrom, s.migratedTo }

// Close closes the database. The store must not be used afterwards.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close database %s: %w", s.path, err)
	}
	return nil
}

// Path returns the database file the store was opened on.
func (s *Store) Path() string { return s.path }

// now returns the injected clock's time in UTC, the only zone the database holds.
func (s *Store) now() time.Time { return s.NowFunc().UTC() }
