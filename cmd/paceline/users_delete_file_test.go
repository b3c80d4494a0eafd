package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// QA: paceline.db.admin-password, where the first serve left admin's password, stayed
// on disk after users delete admin, holding a password that opened nothing (and, after
// users create admin, seemed to be the new admin's). Deleting admin deletes it and
// says so; deleting another user leaves it.
func TestUsersDeleteAdminRemovesItsPasswordFile(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	for _, name := range []string{"admin", "bob", "carol"} {
		if code, out, errs := runArgs(t, "", "users", "create", name, "--db", db); code != 0 {
			t.Fatalf("create %s: %s %s", name, out, errs)
		}
	}
	file := firstAdminFile(db)
	if err := os.WriteFile(file, []byte("first-password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runArgs(t, "", "users", "delete", "bob", "--db", db); code != 0 || strings.Contains(out, "admin-password") || !fileExists(file) {
		t.Fatalf("delete bob: exit %d, file kept %v\n%s%s", code, fileExists(file), out, errs)
	}
	code, out, errs := runArgs(t, "", "users", "delete", "admin", "--db", db)
	if code != 0 || !strings.Contains(out, "deleted "+file+", which held admin's first password") || fileExists(file) {
		t.Fatalf("delete admin: exit %d, file left %v\n%s%s", code, fileExists(file), out, errs)
	}
	// No file: nothing said about one.
	runArgs(t, "", "users", "create", "admin", "--db", db)
	if code, out, errs := runArgs(t, "", "users", "delete", "admin", "--db", db); code != 0 || strings.Contains(out+errs, "admin-password") {
		t.Errorf("delete admin without a file: exit %d\n%s%s", code, out, errs)
	}
}
