package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/store/sqlite"
)

// vacuumInto writes a consistent copy of the SQLite database at db to to: VACUUM INTO,
// from a read-only connection, reads one snapshot (the commits in the -wal file too,
// which a cp misses) while other connections go on writing. The copy is written to a
// temporary file beside to, synced and then linked into place (renamed over to when
// force), so that to never holds half a backup. The copy is marked with the time it
// was taken (sqlite.MarkBackup): serve refuses it, restored, until the restore is
// acknowledged.
func vacuumInto(ctx context.Context, db, to string, force bool, taken time.Time) error {
	conn, err := sql.Open("sqlite", backupSourceURI(db))
	if err != nil {
		return fmt.Errorf("open database %s: %w", db, err)
	}
	defer conn.Close()
	var tables int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&tables); err != nil {
		return paceline.Errorf(paceline.EINVALID, "cannot read %s as a SQLite database: %v", db, err)
	}
	if tables == 0 {
		return paceline.Errorf(paceline.EINVALID, "%s is not a paceline database: point --db at the database to back up", db)
	}
	tmp, err := tempBeside(to)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return paceline.Errorf(paceline.EUNAVAILABLE, "back up %s to %s: %v", db, to, err)
	}
	if err := sqlite.MarkBackup(ctx, tmp, taken); err != nil {
		return err
	}
	// SQLite does not sync the file VACUUM INTO writes.
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("back up %s: %w", db, err)
	}
	return placeFile(tmp, to, force)
}

// backupSourceURI opens the database read-only (nothing of it changes, not even its
// journal mode), waiting for a writer's lock as the store does.
func backupSourceURI(db string) string {
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", "busy_timeout(120000)")
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.Clean(db)) + "?" + q.Encode()
}

// copyKeyFile copies the secret key file from to to, mode 0600, as vacuumInto places
// the database's copy.
func copyKeyFile(from, to string, force bool) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return paceline.Errorf(paceline.EUNAVAILABLE, "cannot read the secret key file %s to copy it: %v", from, err)
	}
	tmp, err := tempBeside(to)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("copy the secret key file: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("copy the secret key file: %w", err)
	}
	return placeFile(tmp, to, force)
}

// tempBeside makes an empty file (mode 0600) in path's directory, for a file to be
// written whole and then put at path.
func tempBeside(path string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", paceline.FieldErrorf("to", "cannot write in %s: %v", filepath.Dir(path), err)
	}
	name := f.Name()
	if err := f.Close(); err != nil {
		os.Remove(name)
		return "", fmt.Errorf("create %s: %w", name, err)
	}
	return name, nil
}

// placeFile puts the written file tmp at path: a link, which fails when path exists
// (another backup got there first), or a rename over it when force; then syncs the
// directory so that the new name survives a crash.
func placeFile(tmp, path string, force bool) error {
	var err error
	if force {
		err = os.Rename(tmp, path)
	} else {
		err = os.Link(tmp, path)
	}
	if errors.Is(err, fs.ErrExist) {
		return paceline.Errorf(paceline.ECONFLICT, "%s exists: give another --to, or --force to replace it", path)
	} else if err != nil {
		return fmt.Errorf("put the backup at %s: %w", path, err)
	}
	return syncFile(filepath.Dir(path))
}

// syncFile flushes a file, or a directory's entries, to disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}

// makeBackupDir creates dir, and the folders above it that are missing, mode 0700 (a
// backup holds the ledger and the leads, personal data), as docs/runtime.md's
// "--to backups/paceline-DATE.db" expects. It returns the topmost folder it created,
// "" when dir existed, for removeMadeDirs to take away when the backup fails.
func makeBackupDir(dir string) (string, error) {
	made := topMissing(dir)
	if made == "" {
		return "", nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		removeMadeDirs(dir, made)
		return "", paceline.FieldErrorf("to", "cannot create the folder %s for the backup: %v; create it (mkdir -p %s) or give another --to",
			dir, errors.Unwrap(err), shellword.Quote(dir))
	}
	return made, nil
}
