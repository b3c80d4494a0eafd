package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The first name an account signs with is set when it is added or later with accounts
// sign, shown by accounts show (and its JSON), and removed with an empty name; a name
// with a control character or over 50 characters is refused and nothing changes.
func TestAccountsSign(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free", "--sender-name", "Ann")
	if out := mustCLI(t, db, "accounts", "show", "ann"); !strings.Contains(out, "signs as") || !strings.Contains(out, "Ann") {
		t.Errorf("show after add --sender-name:\n%s", out)
	}
	if out := mustCLI(t, db, "accounts", "sign", "ann", "Annie"); !strings.Contains(out, "signs as Annie") {
		t.Errorf("sign said %q", out)
	}
	if out := mustCLI(t, db, "accounts", "show", "ann", "--json"); !strings.Contains(out, `"sender_name": "Annie"`) {
		t.Errorf("show --json after sign:\n%s", out)
	}
	for _, bad := range []string{"An\x1bn", strings.Repeat("a", 51)} {
		code, _, stderr := cli(t, db, "accounts", "sign", "ann", bad)
		if code != 1 || !strings.Contains(stderr, "sender-name") {
			t.Errorf("sign %q: exit %d, %q; want 1 naming sender-name", bad, code, stderr)
		}
	}
	if code, _, stderr := cli(t, db, "accounts", "sign", "ghost", "X"); code != 1 || !strings.Contains(stderr, "ghost") {
		t.Errorf("sign of an unknown account: exit %d, %q", code, stderr)
	}
	mustCLI(t, db, "accounts", "sign", "ann", "")
	if out := mustCLI(t, db, "accounts", "show", "ann", "--json"); !strings.Contains(out, `"sender_name": ""`) {
		t.Errorf("show --json after removing the name:\n%s", out)
	}
}
