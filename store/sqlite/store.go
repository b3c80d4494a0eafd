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
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Store is an open paceline database. It is safe for concurrent use; several processes
// may share one file, SQLite's locks (with a busy timeout) serialising their writes.
type Store struct {
	db   *sql.DB
	path string

	// NowFunc stamps created_at, updated_at and migration times. Open sets it to
	// time.Now; simulations and tests replace it before use.
	NowFunc func() time.Time
}

// Compile-time proof that the store is what the engine and the CLI expect.
var (
	_ paceline.AccountStore = (*Store)(nil)
	_ paceline.Ledger       = (*Store)(nil)
)

// Open opens (creating when needed) the database file at path and brings its schema up
// to date. Errors: EINVALID for an empty path, EUNAVAILABLE when the file cannot be
// opened or written, or when it was written by a newer paceline.
func Open(ctx context.Context, path string) (*Store, error) {
	if strings.TrimSpace(path) == "" {
		return nil, paceline.FieldErrorf("db", "is empty (give the path of the database file, such as paceline.db)")
	}
	if err := probeForeign(ctx, path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	s := &Store{db: db, path: path, NowFunc: time.Now}
	// sql.Open is lazy: the first connection is what finds a missing directory or a
	// read-only file, so make it now and report it as the user's problem to fix.
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
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
