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

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/sqlite"
)

// newDatabase is the database a first import makes where --db names no file yet. It is
// built under a hidden name of its own in the same directory, which nothing else
// knows, so the store may write its pages itself (sqlite.OpenNew, several times
// faster for a big file), and is moved to --db only once the import has committed:
// an import that fails leaves no file at --db.
type newDatabase struct {
	st   *sqlite.Store
	tmp  string // where it is built
	path string // where it goes
}

// createForImport opens the new database of a first import.
func (a *app) createForImport(ctx context.Context) (*newDatabase, error) {
	if err := checkSQLitePath(a.dbPath); err != nil {
		return nil, err
	}
	var b [8]byte
	rand.Read(b[:])
	dir, base := filepath.Split(a.dbPath)
	tmp := filepath.Join(dir, "."+base+".import-"+hex.EncodeToString(b[:]))
	st, err := sqlite.OpenNew(ctx, tmp)
	if err != nil {
		return nil, err
	}
	return &newDatabase{st: st, tmp: tmp, path: a.dbPath}, nil
}

// remove deletes the database built, after a failed import.
func (n *newDatabase) remove() {
	n.st.Close()
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(n.tmp + suffix)
	}
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
	taken := paceline.Errorf(paceline.EINVALID, "%s was created by another program during the import; run the import again to add the leads to it", n.path)
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
