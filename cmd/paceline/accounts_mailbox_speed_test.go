package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/sqlite"
)

// accounts add and update that give a mailbox on a database whose stored clock runs
// sped up warn that serve will refuse to run it sped up, and that the sped-up run's
// clock stays ahead of the wall clock (QA: a real mailbox given after serve --speed
// 1000 said nothing). On a database that keeps real time they do not.
func TestMailboxOnASpedUpDatabaseWarns(t *testing.T) {
	t.Parallel()
	env := passwordEnv(t, "pw-"+randomWord(t))
	mailbox := func(name string) []string {
		return []string{"--from", name + "@example.com", "--smtp", "smtps://" + name + "@127.0.0.1:1", "--imap", "imaps://" + name + "@127.0.0.1:1",
			"--smtp-password-env", env, "--imap-password-env", env, "--skip-check"}
	}
	for _, sped := range []bool{true, false} {
		db := filepath.Join(t.TempDir(), "p.db")
		mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
		if sped {
			ctx := context.Background()
			st, err := sqlite.Open(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := runtime.StartClock(ctx, st, 1000); err != nil {
				t.Fatal(err)
			}
			st.Close()
		}
		_, _, updErr := cli(t, db, append([]string{"accounts", "update", "alice"}, mailbox("alice")...)...)
		_, _, addErr := cli(t, db, append([]string{"accounts", "add", "--name", "bob-mail", "--executor", "email"}, mailbox("bob")...)...)
		for who, errOut := range map[string]string{"alice": updErr, "bob-mail": addErr} {
			warned := strings.Contains(errOut, "Warning: "+who+"'s mailbox sends real email, and the clock stored in this database runs 1000x") &&
				strings.Contains(errOut, "paceline serve refuses to run it sped up") && strings.Contains(errOut, "--speed 1") &&
				strings.Contains(errOut, "stays ahead of the wall clock")
			if warned != sped {
				t.Errorf("sped-up clock %v, %s: warned %v:\n%s", sped, who, warned, errOut)
			}
		}
	}
}
