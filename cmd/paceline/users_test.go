package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/sqlite"
)

func runArgs(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsersAndTokens(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	if code, _, errs := runArgs(t, "", "users", "list", "--db", db); code != exitFailed || !strings.Contains(errs, "no database") {
		t.Errorf("list without a database: %d %s", code, errs)
	}
	code, out, errs := runArgs(t, "", "users", "create", "admin", "--db", db)
	m := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("create: %d %s %s", code, out, errs)
	}
	if code, _, errs := runArgs(t, "", "users", "create", "admin", "--db", db); code != exitFailed || !strings.Contains(errs, "already exists") {
		t.Errorf("duplicate: %d %s", code, errs)
	}
	if code, _, errs := runArgs(t, "short\n", "users", "create", "bob", "--password-stdin", "--db", db); code != exitFailed || !strings.Contains(errs, "shorter than") {
		t.Errorf("short password: %d %s", code, errs)
	}
	if code, out, errs := runArgs(t, "a much longer secret\n", "users", "passwd", "admin", "--password-stdin", "--db", db); code != 0 || strings.Contains(out, "password:") {
		t.Errorf("passwd: %d %s %s", code, out, errs)
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, hash, _ := st.UserPassword(ctx, "admin")
	if !paceline.CheckPassword(hash, "a much longer secret") || paceline.CheckPassword(hash, m[1]) {
		t.Error("passwd did not replace the password")
	}

	code, out, errs = runArgs(t, "", "tokens", "create", "--user", "admin", "--name", "ci", "--db", db)
	tok := regexp.MustCompile(`(plt_\S+)`).FindStringSubmatch(out)
	if code != 0 || tok == nil {
		t.Fatalf("tokens create: %d %s %s", code, out, errs)
	}
	got, err := st.TokenByHash(ctx, paceline.HashSecret(tok[1]), time.Now())
	if err != nil || got.User != "admin" {
		t.Fatalf("the printed token is not stored under its hash: %v", err)
	}
	code, out, _ = runArgs(t, "", "tokens", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "ci") || strings.Contains(out, tok[1]) {
		t.Errorf("tokens list shows %q", out)
	}
	if code, _, errs := runArgs(t, "", "tokens", "create", "--db", db); code != exitFailed || !strings.Contains(errs, "--user") {
		t.Errorf("create without --user: %d %s", code, errs)
	}
	if code, _, _ := runArgs(t, "", "tokens", "revoke", "x", "--db", db); code != exitFailed {
		t.Errorf("revoke x: %d", code)
	}
	if code, _, errs := runArgs(t, "", "tokens", "revoke", "1", "--db", db); code != 0 {
		t.Fatalf("revoke: %s", errs)
	}
	if _, err := st.TokenByHash(ctx, paceline.HashSecret(tok[1]), time.Now()); paceline.ErrorCode(err) != paceline.EUNAUTHORIZED {
		t.Errorf("revoked token still valid: %v", err)
	}
}
