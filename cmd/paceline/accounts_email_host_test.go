package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// QA: accounts update --smtp with a host that does not resolve exited 3, the code of
// database trouble. A mail server the user typed that is not known is bad input:
// exit 1, saying to check the host name, for accounts add and accounts update alike,
// and nothing is stored.
func TestAccountsMailboxUnknownHostExitsOne(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	pw := passwordEnv(t, "secret-pw")
	mailbox := []string{"--from", "Ann <ann@agency.test>", "--smtp", "smtps://ann@no-such-host.invalid:465", "--smtp-password-env", pw,
		"--imap", "imaps://ann@no-such-host.invalid:993", "--imap-password-env", pw}
	code, _, errOut := cli(t, db, append([]string{"accounts", "add", "--name", "ann", "--executor", "email", "--type", "email"}, mailbox...)...)
	if code != exitFailed || !strings.Contains(errOut, "check the host name in --smtp") {
		t.Errorf("accounts add with an unknown SMTP host: exit %d, %q; want 1 saying to check the host name", code, errOut)
	}
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	code, _, errOut = cli(t, db, append([]string{"accounts", "update", "alice"}, mailbox...)...)
	if code != exitFailed || !strings.Contains(errOut, "check the host name in --smtp") {
		t.Errorf("accounts update with an unknown SMTP host: exit %d, %q; want 1 saying to check the host name", code, errOut)
	}
	if out := mustCLI(t, db, "accounts", "list"); strings.Contains(out, "ann") {
		t.Errorf("the refused mailbox was stored:\n%s", out)
	}
}
