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
	"syscall"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/sqlite"
)

// newDatabase is the database a first import makes where --db names no file yet. It is
// built under a hidden name of its own in the same directory, which nothing else
// knows, so the store may write its pages itself (sqlite.OpenNew, several times
// faster for a big file), and is moved to --db only once the import has committed:
// an import that fails leaves no file at --db. The import holds a lock on the file it
// builds (lockImport), by which a later import tells a file left by one that was killed
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
	var b [8]byte
	rand.Read(b[:])
	tmp := importPrefix(a.dbPath) + hex.EncodeToString(b[:])
	// Made and locked before SQLite opens it; the lock is held on this descriptor
	// until the import ends, so that no other import takes the file for one abandoned.
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return nil, paceline.Errorf(paceline.EUNAVAILABLE, "database %s cannot be created (check that its directory exists and that you may write there)", a.dbPath)
	}
	if !lockImport(f) {
		f.Close()
		os.Remove(tmp)
		return nil, fmt.Errorf("lock the new database %s being built: another process holds it", tmp)
	}
	release := func() { f.Close() }
	st, err := sqlite.OpenNew(ctx, tmp)
	if err != nil {
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(tmp + suffix)
		}
		release()
		return nil, (&newDatabase{tmp: tmp, path: a.dbPath}).named(err)
	}
	return &newDatabase{st: st, tmp: tmp, path: a.dbPath, release: release}, nil
}

// named returns err as the user should read it: naming --db, not the hidden file the
// database is built in.
func (n *newDatabase) named(err error) error {
	if err == nil || !strings.Contains(err.Error(), n.tmp) {
		return err
	}
	if code := paceline.ErrorCode(err); code != "" {
		return paceline.Errorf(code, "%s", strings.ReplaceAll(paceline.ErrorMessage(err), n.tmp, n.path))
	}
	return errors.New(strings.ReplaceAll(err.Error(), n.tmp, n.path))
}

// abandonedAge is how long a hidden database must have gone unwritten before an import
// takes it for one a killed import left: a new one is created and locked in one go,
// but not atomically.
const abandonedAge = time.Minute

// removeAbandonedImports removes, in the directory of the database at path, the
// databases imports began and did not finish (killed, or the machine stopped), into
// this database or any other: those no running import holds that have gone unwritten
// for abandonedAge.
func removeAbandonedImports(path string) {
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !abandonedName(e.Name()) {
			continue // not a database an import built (its -wal, -shm or -journal go with it)
		}
		if info, err := e.Info(); err != nil || time.Since(info.ModTime()) < abandonedAge {
			continue
		}
		name := filepath.Join(dir, e.Name())
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		if lockImport(f) {
			for _, suffix := range []string{"-wal", "-shm", "-journal", ""} {
				os.Remove(name + suffix)
			}
		}
		f.Close()
	}
}

// abandonedName reports whether a file's name is one an import gives the database it
// builds: "." + the database's name + ".import-" + 16 hexadecimal digits.
func abandonedName(name string) bool {
	i := strings.LastIndex(name, ".import-")
	if !strings.HasPrefix(name, ".") || i < 1 {
		return false
	}
	h := name[i+len(".import-"):]
	if len(h) != 16 {
		return false
	}
	_, err := hex.DecodeString(h)
	return err == nil
}

// remove deletes the database built, after a failed import.
func (n *newDatabase) remove() {
	n.st.Close()
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(n.tmp + suffix)
	}
	n.release()
}

// errNameTaken is publish's error when a file appeared at --db during the import.
var errNameTaken = errors.New("another command created the database during the import")

// publish closes the database built and moves it to its path, unless something took
// that name meanwhile (errNameTaken).
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
	// A hard link fails when the name exists; a rename would replace that file.
	err := os.Link(n.tmp, n.path)
	if errors.Is(err, fs.ErrExist) {
		return errNameTaken
	}
	if err != nil {
		// No hard links on this file system: rename, if the name is still free.
		if _, serr := os.Lstat(n.path); serr == nil {
			return errNameTaken
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

// lockImport takes an exclusive flock on f without waiting: an import holds one on the
// database it builds for as long as it runs. It reports false when another process
// holds the lock.
func lockImport(f *os.File) bool {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}
