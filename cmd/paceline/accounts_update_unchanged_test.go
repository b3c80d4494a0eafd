package main

import (
	"context"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/paceline/paceline"
)

// A review found accounts update read the account, spent seconds logging in to mail
// servers, and wrote the whole row back: an accounts pause (or a connection count)
// stored meanwhile was undone. The account is written only if it is unchanged: here a
// pause lands during the IMAP login, the update says to run it again and exits 1, the
// account stays paused, and run again the update is written and keeps the pause.
func TestAccountsUpdateKeepsAConcurrentPause(t *testing.T) {
	t.Parallel()
	onBothStoresWithKey(t, testAccountsUpdateKeepsAConcurrentPause)
}

func testAccountsUpdateKeepsAConcurrentPause(t *testing.T, db string, getenv func(string) string) {
	m := startMailServers(t)
	must := func(args ...string) string {
		t.Helper()
		out, err := runMailUpdate(getenv, db, args...)
		if err != nil {
			t.Fatalf("paceline %s: %s", strings.Join(args, " "), paceline.ErrorMessage(err))
		}
		return out
	}
	must(m.addArgs("ann-mail", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW))...)
	st := openTestStore(t, db)
	ctx := context.Background()
	added, err := st.Account(ctx, "ann-mail")
	if err != nil {
		t.Fatal(err)
	}
	// The IMAP server behind a proxy that pauses the account at its first login.
	var once sync.Once
	proxy := imapProxy(t, m.imapPort, func() { once.Do(func() { must("accounts", "pause", "ann-mail") }) })
	update := []string{"accounts", "update", "ann-mail", "--safety", "0.9",
		"--imap", "imaps://" + m.user + "@127.0.0.1:" + strconv.Itoa(proxy), "--imap-password-env", passwordEnv(t, m.imPW)}

	_, err = runMailUpdate(getenv, db, update...)
	if paceline.ErrorCode(err) != paceline.ECONFLICT { // run exits 1 on it
		t.Fatalf("update during a pause: %v; want a conflict", err)
	}
	msg := paceline.ErrorMessage(err)
	for _, want := range []string{"ann-mail changed while it was being updated", "mailbox settings were stored", "run the command again"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	a, err := st.Account(ctx, "ann-mail")
	if err != nil {
		t.Fatal(err)
	}
	if a.State != paceline.AccountPaused || a.Safety != added.Safety {
		t.Errorf("after the refused update: %s, safety %v; want paused, safety %v (not written)", a.State, a.Safety, added.Safety)
	}
	if mb, err := st.Mailbox(ctx, "ann-mail"); err != nil || !strings.Contains(mb.IMAP, strconv.Itoa(proxy)) {
		t.Errorf("the mailbox settings were said stored: %+v, %v", mb, err)
	}

	must(update...)
	if a, err = st.Account(ctx, "ann-mail"); err != nil {
		t.Fatal(err)
	}
	if a.State != paceline.AccountPaused || a.Safety != 0.9 {
		t.Errorf("run again: %s, safety %v; want paused, safety 0.9", a.State, a.Safety)
	}
}

// imapProxy forwards connections to the IMAP server on port, calling first before it
// connects each one; it returns its own port.
func imapProxy(t *testing.T, port int, first func()) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				first()
				up, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
				if err != nil {
					return
				}
				defer up.Close()
				go func() { _, _ = io.Copy(up, c); up.Close() }()
				_, _ = io.Copy(c, up)
			}()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port
}
