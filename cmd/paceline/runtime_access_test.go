package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/paceline/paceline"
)

// Permission problems came out as "internal error" (exit 3): serve as another user in
// a root-owned folder, or on a root-owned database. They name the file or folder to
// make writable, for which user, and are the user's to fix (exit 1). Tests run as
// root, whom permissions do not stop, so the refusals are made up here as the lock and
// SQLite return them.
func TestAccessErrorNamesWhatToMakeWritable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	key := filepath.Join(dir, "paceline.key")
	for _, f := range []string{db, key} {
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	me := currentUser()
	for _, tc := range []struct {
		name string
		err  error
		want []string
	}{
		{"lock file not creatable", &fs.PathError{Op: "open", Path: db + ".lock", Err: syscall.EACCES},
			[]string{"serve as user " + me + " needs write access to the folder " + dir + " (owned by ", "where it keeps p.db.lock", "give " + me + " write access to it"}},
		{"lock file not writable", &fs.PathError{Op: "open", Path: db, Err: syscall.EACCES},
			[]string{"needs write access to the file " + db + " (owned by ", "mode -rw-------"}},
		{"secret key not readable", &fs.PathError{Op: "open", Path: key, Err: syscall.EACCES},
			[]string{"serve as user " + me + " cannot read the file " + key + " (owned by ", "give " + me + " read access to it"}},
		{"read-only disk", &fs.PathError{Op: "open", Path: db + ".lock", Err: syscall.EROFS},
			[]string{"needs write access to the folder " + dir}},
		{"read-only database", errors.New("apply river migrations: error applying version 001 [UP]: attempt to write a readonly database (8)"),
			[]string{"needs write access to the database " + db + " (owned by ", "and to its folder " + dir}},
	} {
		err := accessError("serve", db, tc.err)
		if paceline.ErrorCode(err) != paceline.EFORBIDDEN || !errors.Is(err, tc.err) {
			t.Errorf("%s: %v (code %s), want EFORBIDDEN wrapping the cause", tc.name, err, paceline.ErrorCode(err))
		}
		for _, w := range tc.want {
			if !strings.Contains(paceline.ErrorMessage(err), w) {
				t.Errorf("%s: %q, want %q in it", tc.name, paceline.ErrorMessage(err), w)
			}
		}
	}
	other := errors.New("disk on fire")
	if err := accessError("serve", db, other); err != other {
		t.Errorf("an error that is no permission's: %v, want it unchanged", err)
	}
}

// A --db inside a file (ENOTDIR, which root meets too) is the user's slip, exit 1, not
// an internal error.
func TestServeOnAPathThroughAFile(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := cli(t, filepath.Join(file, "p.db"), "serve", "--addr", "127.0.0.1:0")
	if code != exitFailed || !strings.Contains(errOut, "a folder in its path, "+file+", is a file") || strings.Contains(errOut, "internal") {
		t.Errorf("serve on a path through a file: exit %d, stderr %q", code, errOut)
	}
}
