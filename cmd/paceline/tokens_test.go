package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// tokens create goes through paceline.IssueToken's checks, as the dashboard does: a
// blank or repeated name is refused, and an omitted --name (older scripts) gets a
// default name no live token of the user has, said in the output.
func TestTokensCreateNames(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	if code, _, errs := runArgs(t, "", "users", "create", "admin", "--db", db); code != 0 {
		t.Fatalf("users create: %s", errs)
	}
	if code, _, errs := runArgs(t, "", "tokens", "create", "--user", "admin", "--name", "ci", "--db", db); code != 0 {
		t.Fatalf("tokens create: %s", errs)
	}
	if code, _, errs := runArgs(t, "", "tokens", "create", "--user", "admin", "--name", "CI", "--db", db); code != exitFailed || !strings.Contains(errs, `already named "ci"`) {
		t.Errorf("a repeated name: %d %q", code, errs)
	}
	if code, _, errs := runArgs(t, "", "tokens", "create", "--user", "admin", "--name", "  ", "--db", db); code != exitFailed || !strings.Contains(errs, "is empty") {
		t.Errorf("a blank name: %d %q", code, errs)
	}
	for _, want := range []string{"cli-1", "cli-2"} {
		code, out, errs := runArgs(t, "", "tokens", "create", "--user", "admin", "--db", db)
		if code != 0 || !strings.Contains(out, "named "+want) {
			t.Errorf("create without --name: %d %q %q; want it named %s", code, out, errs, want)
		}
	}
	code, out, _ := runArgs(t, "", "tokens", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "cli-1") || !strings.Contains(out, "cli-2") {
		t.Errorf("tokens list: %q", out)
	}
	// The default skips a name taken since (here by hand): cli-3 is next, not a repeat.
	if code, _, errs := runArgs(t, "", "tokens", "create", "--user", "admin", "--name", "cli-3", "--db", db); code != 0 {
		t.Fatalf("tokens create cli-3: %s", errs)
	}
	if code, out, _ := runArgs(t, "", "tokens", "create", "--user", "admin", "--db", db); code != 0 || !strings.Contains(out, "named cli-4") {
		t.Errorf("after cli-3: %q", out)
	}
	if code, _, errs := runArgs(t, "", "tokens", "create", "--user", "nobody", "--db", db); code != exitFailed || !strings.Contains(errs, "nobody") {
		t.Errorf("an unknown user: %d %q", code, errs)
	}
}

// Revoking a token a second time says it was revoked, and when, and that there is
// nothing to do, not that no token has the id; an id no token had is not found.
func TestTokensRevokeTwice(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	if code, _, errs := runArgs(t, "", "users", "create", "admin", "--db", db); code != 0 {
		t.Fatalf("users create: %s", errs)
	}
	if code, _, errs := runArgs(t, "", "tokens", "create", "--user", "admin", "--name", "ci", "--db", db); code != 0 {
		t.Fatalf("tokens create: %s", errs)
	}
	if code, _, errs := runArgs(t, "", "tokens", "revoke", "1", "--db", db); code != 0 {
		t.Fatalf("revoke: %s", errs)
	}
	code, _, errs := runArgs(t, "", "tokens", "revoke", "1", "--db", db)
	if code != exitFailed || !strings.Contains(errs, "token 1 (ci) of admin was already revoked on ") || !strings.Contains(errs, "nothing to do") {
		t.Errorf("second revoke: %d %q", code, errs)
	}
	if code, _, errs := runArgs(t, "", "tokens", "revoke", "7", "--db", db); code != exitFailed || !strings.Contains(errs, "no token has id 7") {
		t.Errorf("revoke of an unknown id: %d %q", code, errs)
	}
}
