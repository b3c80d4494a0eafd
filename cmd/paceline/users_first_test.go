package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/store/sqlite"
)

// The first serve's admin password stays out of serve's output when that is not a
// terminal (QA found it in log files): it is in a file beside the SQLite database,
// of mode 0600, whose path the output gives, and a second start makes no user and
// writes nothing.
func TestFirstUserPasswordInAFileNotTheLog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "p.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	path := firstAdminFile(db)
	var out, errOut bytes.Buffer
	a := &app{dbPath: db, stdout: &out, stderr: &errOut}
	if err := a.firstUser(ctx, st); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no password file: %v (output %q)", err, out.String())
	}
	password := strings.TrimSpace(string(b))
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the password file's mode: %v %v, want 0600", info.Mode(), err)
	}
	_, hash, err := st.UserPassword(ctx, "admin")
	if err != nil || !paceline.CheckPassword(hash, password) {
		t.Errorf("the file's password is not admin's: %v", err)
	}
	logged := out.String() + errOut.String()
	if strings.Contains(logged, password) || !strings.Contains(logged, "its password is in "+path) {
		t.Errorf("the output shows the password or not the file: %q", logged)
	}
	out.Reset()
	if err := a.firstUser(ctx, st); err != nil || out.Len() != 0 {
		t.Errorf("a second start: %v %q", err, out.String())
	}
	if b2, _ := os.ReadFile(path); string(b2) != string(b) {
		t.Error("a second start rewrote the password file")
	}
}

// On PostgreSQL, with no terminal and no file beside the database, serve makes no
// user and says how to make one.
func TestFirstUserOnPostgresAsksForUsersCreate(t *testing.T) {
	t.Parallel()
	users := apitest.NewUsers()
	var out, errOut bytes.Buffer
	a := &app{dbPath: "postgres://u:secret@db.example/paceline", stdout: &out, stderr: &errOut}
	if err := a.firstUser(context.Background(), users); err != nil {
		t.Fatal(err)
	}
	if list, _ := users.Users(context.Background()); len(list) != 0 {
		t.Errorf("serve made %d users on PostgreSQL without a terminal", len(list))
	}
	if s := out.String(); !strings.Contains(s, "paceline users create admin") || strings.Contains(s, "secret") {
		t.Errorf("output %q: want the users create hint, not the URL's password", s)
	}
}

// usersSeenLate is a user store whose first list of users is empty: a serve that
// listed them just before another process made admin.
type usersSeenLate struct {
	paceline.UserStore
	listed bool
}

func (u *usersSeenLate) Users(ctx context.Context) ([]*paceline.User, error) {
	if !u.listed {
		u.listed = true
		return nil, nil
	}
	return u.UserStore.Users(ctx)
}

// Two serves starting at once on a new database: the second used to replace the
// first's password file, fail to make admin (the first had), then delete the file,
// so admin's password was nowhere. The second now leaves the file as it is and says
// where admin's password is.
func TestFirstUserLeavesAnotherProcesssPasswordFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "p.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The first process: admin made, its password in the file.
	var first bytes.Buffer
	if err := (&app{dbPath: db, stdout: &first, stderr: &first}).firstUser(ctx, st); err != nil {
		t.Fatal(err)
	}
	path, _ := filepath.Abs(firstAdminFile(db))
	written, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the first process wrote no file: %v (%q)", err, first.String())
	}
	var out bytes.Buffer
	err = (&app{dbPath: db, stdout: &out, stderr: &out}).firstUser(ctx, &usersSeenLate{UserStore: st})
	if err != nil {
		t.Errorf("the second process: %v", err)
	}
	if now, err := os.ReadFile(path); err != nil || string(now) != string(written) {
		t.Errorf("the second process changed or deleted the first's password file: %q, %v", now, err)
	}
	_, hash, err := st.UserPassword(ctx, "admin")
	if err != nil || !paceline.CheckPassword(hash, strings.TrimSpace(string(written))) {
		t.Errorf("the file's password is no longer admin's: %v", err)
	}
	if !strings.Contains(out.String(), "admin's password is in "+path) {
		t.Errorf("the second process says %q, want where the password is", out.String())
	}
}

// A password file left from an earlier database is neither replaced nor deleted:
// serve makes no user and says to delete the file.
func TestFirstUserRefusesAFileLeftBefore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "p.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	path := firstAdminFile(db)
	if err := os.WriteFile(path, []byte("old password\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = (&app{dbPath: db, stdout: &out, stderr: &out}).firstUser(ctx, st)
	if err == nil || !strings.Contains(err.Error(), "delete it, then start again") {
		t.Errorf("a file left before: %v, want to be told to delete it", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old password\n" {
		t.Errorf("the file left before was changed: %q", b)
	}
	if users, _ := st.Users(ctx); len(users) != 0 {
		t.Errorf("%d users made", len(users))
	}
}
