package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/sqlite"
)

// users passwd ends the user's sessions, users delete removes a user with its sessions
// and tokens, and the only user is not deleted: QA found staff could not be removed,
// and a cookie from before passwd still worked for 12 hours.
func TestUsersDeleteAndPasswdEndSessions(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	for _, name := range []string{"admin", "bob"} {
		if code, out, errs := runArgs(t, "", "users", "create", name, "--db", db); code != 0 {
			t.Fatalf("create %s: %s %s", name, out, errs)
		}
	}
	if code, out, errs := runArgs(t, "", "tokens", "create", "--user", "bob", "--name", "ci", "--db", db); code != 0 {
		t.Fatalf("tokens create: %s %s", out, errs)
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	expires := time.Now().Add(time.Hour)
	for _, name := range []string{"admin", "bob"} {
		if err := st.CreateSession(ctx, "cookie-"+name, &paceline.Session{User: name, CSRF: "c", ExpiresAt: expires}); err != nil {
			t.Fatal(err)
		}
	}
	live := func(name string) bool {
		_, err := st.SessionByHash(ctx, "cookie-"+name, time.Now())
		return err == nil
	}

	code, out, errs := runArgs(t, "a much longer secret\n", "users", "passwd", "admin", "--password-stdin", "--db", db)
	if code != 0 || !strings.Contains(out, "sessions have ended") {
		t.Errorf("passwd: %d %s %s", code, out, errs)
	}
	if live("admin") || !live("bob") {
		t.Errorf("after passwd admin: admin's session live %v (want false), bob's %v (want true)", live("admin"), live("bob"))
	}

	code, out, errs = runArgs(t, "", "users", "delete", "bob", "--db", db)
	if code != 0 || !strings.Contains(out, "deleted user bob") || !strings.Contains(out, "1 API token revoked") {
		t.Errorf("delete bob: %d %s %s", code, out, errs)
	}
	if live("bob") {
		t.Error("a deleted user's session still works")
	}
	if code, _, errs := runArgs(t, "", "users", "delete", "bob", "--db", db); code != exitFailed || !strings.Contains(errs, "no user is named") {
		t.Errorf("delete bob again: %d %s", code, errs)
	}
	code, _, errs = runArgs(t, "", "users", "delete", "admin", "--db", db)
	if code != exitFailed || !strings.Contains(errs, "only dashboard user") || !strings.Contains(errs, "users create") {
		t.Errorf("delete the only user: %d %s", code, errs)
	}
	if users, err := st.Users(ctx); err != nil || len(users) != 1 {
		t.Errorf("users left: %v %v", users, err)
	}
}
