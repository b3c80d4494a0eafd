package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/sqlite"
)

// newDatabase is the database a first import makes where --db names no file yet. It is
// built under a hidden name of its own in the same directory, which nothing else
// knows, so the store may write its pages itself (sqlite.OpenNew, several times
// faster for a big file), and is moved to --db only once the import has committed:
// an import that fails leaves no file at --db. The import holds a lock on the file it
// builds (holdFile), by which a later import tells a file left by one that was killed
// and removes it.
type newDatabase struct {
	st      *sqlite.Store
	tmp     string // where it is built
	path    string // where it goes
	release func() // of the lock on tmp
}

// importPrefix is the start of the names under which imports build a new database at
// path.
func importPrefix(path string) string {
	dir, base := filepath.Split(path)
	return filepath.Join(dir, "."+base+".import-")
}

// createForImport opens the new database of a first import.
func (a *app) createForImport(ctx context.Context) (*newDatabase, error) {
	if err := checkSQLitePath(a.dbPath); err != nil {
		return nil, err
	}
	if strings.HasSuffix(a.dbPath, "/") || strings.HasSuffix(a.dbPath, string(filepath.Separator)) {
		return nil, paceline.FieldErrorf("db", "%s ends in a separator; give the path of the database file, such as %s", a.dbPath, filepath.Join(a.dbPath, "paceline.db"))
	}
	removeAbandonedImports(a.dbPath)
	var b [8]byte
	rand.Read(b[:])
	tmp := importPrefix(a.dbPath) + hex.EncodeToString(b[:])
	// Made and locked before SQLite opens it, so that no other import takes it for one
	// abandoned.
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return nil, paceline.Errorf(paceline.EUNAVAILABLE, "database %s cannot be created (check that its directory exists and that you may write there)", a.dbPath)
	}
	f.Close()
	release, _ := holdFile(tmp)
	if release == nil {
		release = func() {}
	}
	st, err := sqlite.OpenNew(ctx, tmp)
	if err != nil {
		release()
		os.Remove(tmp)
		// The user named --db, not the hidden file.
		if code := paceline.ErrorCode(err); code != "" {
			return nil, paceline.Errorf(code, "%s", strings.ReplaceAll(paceline.ErrorMessage(err), tmp, a.dbPath))
		}
		return nil, err
	}
	return &newDatabase{st: st, tmp: tmp, path: a.dbPath, release: release}, nil
}

// removeAbandonedImports removes the databases imports into path began and did not
// finish (killed, or the machine stopped): those no running import holds.
func removeAbandonedImports(path string) {
	names, _ := filepath.Glob(importPrefix(path) + "*")
	for _, name := range names {
		if strings.Contains(name[len(importPrefix(path)):], "-") {
			continue // a -wal, -shm or -journal: removed with its database
		}
		release, ok := holdFile(name)
		if !ok {
			continue
		}
		for _, suffix := range []string{"-wal", "-shm", "-journal", ""} {
			os.Remove(name + suffix)
		}
		release()
	}
}

// remove deletes the database built, after a failed import.
func (n *newDatabase) remove() {
	n.st.Close()
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(n.tmp + suffix)
	}
	n.release()
}

// publish closes the database built and moves it to its path, unless something took
// that name meanwhile.
func (n *newDatabase) publish() error {
	if err := n.st.Close(); err != nil {
		return err
	}
	// The last connection's close writes the log into the file and deletes it; a log
	// left behind holds changes the file alone does not have.
	if fi, err := os.Stat(n.tmp + "-wal"); err == nil && fi.Size() > 0 {
		return fmt.Errorf("finish the new database %s: its write-ahead log was not written into it", n.path)
	}
	defer n.release()
	taken := paceline.Errorf(paceline.EINVALID, "%s was created while this import ran (by another import or paceline command); run the import again to add the leads to it", n.path)
	// A hard link fails when the name exists; a rename would replace that file.
	err := os.Link(n.tmp, n.path)
	if errors.Is(err, fs.ErrExist) {
		return taken
	}
	if err != nil {
		// No hard links on this file system: rename, if the name is still free.
		if _, serr := os.Lstat(n.path); serr == nil {
			return taken
		}
		if err := os.Rename(n.tmp, n.path); err != nil {
			return fmt.Errorf("move the new database into place: %w", err)
		}
		syncDir(n.path)
		return nil
	}
	os.Remove(n.tmp)
	syncDir(n.path)
	return nil
}

// syncDir flushes the directory holding path to disk, so that the name given to the
// new database survives a crash as its contents do. It is done when it can be: the
// database is in place either way.
func syncDir(path string) {
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
}
