package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/store/sqlite"
)

// accessError says which file or folder the user running command (serve or worker)
// must be able to write for the SQLite database db, when err is the lock's or SQLite's
// refusal to write: serve as another user on a root-owned folder said "internal error
// / detail: lock …/paceline.db.lock: permission denied" and exited 3, and on a
// root-owned database "attempt to write a readonly database (8)". The answer is
// EFORBIDDEN (exit 1, the user's to fix); any other err is returned as it is.
func accessError(command, db string, err error) error {
	var pe *fs.PathError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &pe) && errors.Is(pe.Err, syscall.ENOTDIR):
		return &causedError{user: paceline.Errorf(paceline.EINVALID,
			"%s cannot be used: a folder in its path, %s, is a file: give --db a path in a folder", pe.Path, notADir(pe.Path)), cause: err}
	case errors.As(err, &pe) && (errors.Is(pe.Err, fs.ErrPermission) || errors.Is(pe.Err, syscall.EROFS)):
		if _, serr := os.Stat(pe.Path); serr == nil {
			if !ofDatabase(pe.Path, db) {
				// Another file it reads (the secret key beside the database): read
				// access is what it lacks, not write access to a file it writes.
				return &causedError{user: mayNotRead(command, pe.Path), cause: err}
			}
			return &causedError{user: mayNotWrite(command, pe.Path, "the file", db), cause: err}
		}
		return &causedError{user: mayNotWrite(command, filepath.Dir(pe.Path), "the folder", db), cause: err}
	case sqlite.IsReadOnly(err) || strings.Contains(err.Error(), "readonly database"):
		dir := filepath.Dir(db)
		if _, serr := os.Stat(dir); serr != nil {
			return err // no folder at all: the open's own words say so
		}
		if syscall.Access(db, 2) == nil && syscall.Access(dir, 2) != nil {
			return &causedError{user: mayNotWrite(command, dir, "the folder", db), cause: err}
		}
		return &causedError{user: mayNotWrite(command, db, "the database", db), cause: err}
	}
	return err
}

// mayNotWrite is the refusal of path (what it is: the file, the folder, the database)
// to the user running command.
func mayNotWrite(command, path, what, db string) *paceline.Error {
	who := currentUser()
	owner, mode := "", ""
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().String()
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			owner = userName(st.Uid)
		}
	}
	about := ""
	if owner != "" {
		about = fmt.Sprintf(" (owned by %s, mode %s)", owner, mode)
	}
	why := "which it writes"
	if what == "the folder" {
		why = fmt.Sprintf("where it keeps %s and SQLite its -wal and -shm files", filepath.Base(db)+".lock")
	}
	fix := fmt.Sprintf("give %s write access to it (for example sudo chown %s %s)", who, shellword.Quote(who), shellword.Quote(path))
	if what != "the folder" {
		fix += fmt.Sprintf(" and to its folder %s", filepath.Dir(path))
	}
	if owner != "" && owner != who {
		fix += fmt.Sprintf(", or run %s as %s", command, owner)
	}
	return paceline.Errorf(paceline.EFORBIDDEN, "%s %s needs write access to %s %s%s, %s: %s",
		command, "as user "+who, what, path, about, why, fix)
}

// ofDatabase reports whether path is one of the files serve writes for the database db:
// the file itself, its lock, its -wal or -shm file.
func ofDatabase(path, db string) bool {
	for _, f := range []string{db, db + ".lock", db + "-wal", db + "-shm"} {
		if filepath.Clean(path) == filepath.Clean(f) {
			return true
		}
	}
	return false
}

// mayNotRead is the refusal of the file path, which command only reads, to the user
// running it.
func mayNotRead(command, path string) *paceline.Error {
	who := currentUser()
	about, owner := "", ""
	if fi, err := os.Stat(path); err == nil {
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			owner = userName(st.Uid)
		}
		about = fmt.Sprintf(" (owned by %s, mode %s)", owner, fi.Mode())
	}
	fix := fmt.Sprintf("give %s read access to it (for example sudo chown %s %s)", who, shellword.Quote(who), shellword.Quote(path))
	if owner != "" && owner != who {
		fix += fmt.Sprintf(", or run %s as %s", command, owner)
	}
	return paceline.Errorf(paceline.EFORBIDDEN, "%s as user %s cannot read the file %s%s: %s", command, who, path, about, fix)
}

// notADir is the first folder of path that is a file, or path's folder when none is.
func notADir(path string) string {
	for dir := filepath.Dir(path); dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
			return dir
		}
	}
	return filepath.Dir(path)
}

// currentUser names the user this process runs as.
func currentUser() string { return userName(uint32(os.Getuid())) }

// userName is the name of the user uid, or the number when it has none.
func userName(uid uint32) string {
	id := strconv.FormatUint(uint64(uid), 10)
	if u, err := user.LookupId(id); err == nil {
		return u.Username
	}
	return "uid " + id
}

// causedError is a user-facing *paceline.Error that keeps the error it explains for
// errors.Is and logs, without showing it in the sentence.
type causedError struct {
	user  *paceline.Error
	cause error
}

func (c *causedError) Error() string { return c.user.Error() }

// Unwrap returns both the user-facing error and its cause.
func (c *causedError) Unwrap() []error { return []error{c.user, c.cause} }
