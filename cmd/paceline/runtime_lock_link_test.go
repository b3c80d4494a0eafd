package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paceline/paceline/store/sqlite"
)

// Two serves on one SQLite file through a symlink or a hard link both ran and sent
// every step twice: the lock was the name given + ".lock". Now a link to a file that
// a serve holds is refused, naming the holder and the file it runs on.
func TestLockFollowsLinks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		link func(target, link string) error
		want func(db, alias string) []string
	}{
		{"symlink", os.Symlink, func(db, alias string) []string {
			return []string{"paceline serve (pid ", "is running on " + db + " (" + alias + " leads to it): stop it first"}
		}},
		{"hard link", os.Link, func(db, alias string) []string {
			return []string{"paceline serve (pid ", "is running on " + db + ", which is the same file as " + alias + " (a hard link): stop it first"}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, err := filepath.EvalSymlinks(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			db := filepath.Join(dir, "paceline.db")
			mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
			alias := filepath.Join(dir, "alias.db")
			if err := tc.link(db, alias); err != nil {
				t.Fatal(err)
			}
			release, err := lockFileAs(db, "serve")
			if err != nil {
				t.Fatal(err)
			}
			code, _, errOut := cli(t, alias, "serve", "--addr", "127.0.0.1:0")
			release()
			if code != exitFailed {
				t.Errorf("serve on %s while a serve holds %s: exit %d, stderr %q, want a refusal", tc.name, db, code, errOut)
			}
			for _, w := range tc.want(db, alias) {
				if !strings.Contains(errOut, w) {
					t.Errorf("serve on a %s: stderr %q, want %q", tc.name, errOut, w)
				}
			}
			// Released, the link is free to run on.
			again, err := lockFileAs(alias, "serve")
			if err != nil {
				t.Fatalf("lock %s after the release: %v", alias, err)
			}
			again()
		})
	}
}

// The lock flocks the database file itself: SQLite, whose fcntl locks are another
// kind, still reads and writes it, through several connections and stores at once.
func TestLockLeavesSQLiteWorking(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	release, err := lockFileAs(db, "serve")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	ctx := context.Background()
	one, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer one.Close()
	two, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer two.Close()
	mustCLI(t, db, "accounts", "add", "--name", "bob", "--type", "free")
	for _, st := range []*sqlite.Store{one, two} {
		accs, err := st.Accounts(ctx)
		if err != nil || len(accs) != 2 {
			t.Fatalf("accounts under the lock: %d, %v; want alice and bob", len(accs), err)
		}
	}
}

// A serve that creates its database locks the new file once its open has made it
// (holdFile): a hard link made afterwards is refused too.
func TestLockHoldsTheFileItsOpenMade(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "new.db")
	l, err := lockDatabase(db, "serve")
	if err != nil {
		t.Fatal(err)
	}
	defer l.release()
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free") // the open makes the file
	if err := l.holdFile(); err != nil {
		t.Fatal(err)
	}
	alias := filepath.Join(dir, "alias.db")
	if err := os.Link(db, alias); err != nil {
		t.Fatal(err)
	}
	if _, err := lockFileAs(alias, "serve"); err == nil || !strings.Contains(err.Error(), "is running on "+db+", which is the same file as "+alias) {
		t.Errorf("lock of a hard link to a held new database: %v", err)
	}
}
