package main

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/email"
)

// runMailUpdate runs paceline with args on db, its environment read with getenv (nil:
// os.Getenv), and returns the output and the error.
func runMailUpdate(getenv func(string) string, db string, args ...string) (string, error) {
	var out, errOut strings.Builder
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: getenv}
	root := a.rootCmd()
	root.SetArgs(append(args, "--db", db))
	root.SetOut(&out)
	root.SetErr(&errOut)
	err := root.Execute()
	return out.String(), err
}

// QA: a mailbox's password, footer, public URL and servers could not change after
// accounts add (update had no such flags, add again said "already exists"), so a
// --skip-check mailbox without footer or URL could never send and a rotated app password
// meant a new account. accounts update now takes add's mailbox flags, checks the logins
// as add does, seals what it reads, and prints the change but never the secret.
func TestAccountsUpdateMailboxSettings(t *testing.T) {
	t.Parallel()
	onBothStoresWithKey(t, testAccountsUpdateMailboxSettings)
}

func testAccountsUpdateMailboxSettings(t *testing.T, db string, getenv func(string) string) {
	m := startMailServers(t)
	wrong := "wrong-" + randomWord(t)
	must := func(args ...string) string {
		t.Helper()
		out, err := runMailUpdate(getenv, db, args...)
		if err != nil {
			t.Fatalf("paceline %s: %s", strings.Join(args, " "), paceline.ErrorMessage(err))
		}
		for _, pw := range []string{wrong, m.smtpPW, m.imPW} {
			if strings.Contains(out, pw) {
				t.Errorf("paceline %s prints a password:\n%s", strings.Join(args, " "), out)
			}
		}
		return squeeze(out)
	}
	refused := func(want string, args ...string) {
		t.Helper()
		before := must("accounts", "show", "ann-mail")
		_, err := runMailUpdate(getenv, db, args...)
		if msg := paceline.ErrorMessage(err) + " " + fmt.Sprint(err); err == nil || !strings.Contains(msg, want) || strings.Contains(msg, m.smtpPW) {
			t.Errorf("paceline %s: %v; want an error saying %q", strings.Join(args, " "), msg, want)
		}
		if after := must("accounts", "show", "ann-mail"); after != before {
			t.Errorf("a refused update changed the mailbox:\n%s\nthen\n%s", before, after)
		}
	}
	// Stored unchecked, with a wrong SMTP password and neither footer nor public URL.
	must(m.addArgs("ann-mail", passwordEnv(t, wrong), passwordEnv(t, m.imPW), "--skip-check")...)
	must("accounts", "add", "--name", "bob", "--type", "free")

	out := must("accounts", "update", "ann-mail", "--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com/")
	for _, want := range []string{"Updated account ann-mail", "postal footer not set → 1 Main St, Springfield",
		"public url not set → https://pl.example.com", "no server, password or folder changed", "A running serve (and every worker) picks ann-mail's new settings up within 10s: no restart is needed."} {
		if !strings.Contains(out, want) {
			t.Errorf("footer and URL update lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "smtp password") || strings.Contains(out, "imap password") || strings.Contains(out, "smtp ") || strings.Contains(out, "ledger") {
		t.Errorf("the update lists settings it did not change:\n%s", out)
	}
	if strings.Contains(out, "restart serve") {
		t.Errorf("the update says to restart serve, which picks the change up by itself:\n%s", out)
	}

	refused("the SMTP server 127.0.0.1:"+strconv.Itoa(m.smtpPort)+" refused the login for ann@paceline.test",
		"accounts", "update", "ann-mail", "--smtp-password-env", passwordEnv(t, "still-"+wrong))
	refused("from: is missing (a mailbox needs --from",
		"accounts", "update", "bob", "--smtp", "smtps://a@h")
	refused("has a path (/paceline)", "accounts", "update", "ann-mail", "--public-url", "https://pl.example.com/paceline")
	refused("changes nothing", "accounts", "update", "ann-mail", "--skip-check")

	// The rotated password: the SMTP login is checked with it and the kept IMAP one.
	out = must("accounts", "update", "ann-mail", "--smtp-password-env", passwordEnv(t, m.smtpPW))
	for _, want := range []string{"smtp password set (sealed) → new (sealed)", "logins were checked"} {
		if !strings.Contains(out, want) {
			t.Errorf("password update lacks %q:\n%s", want, out)
		}
	}
	a := &app{dbPath: db, getenv: getenv}
	key, err := a.loadSecretKey(false)
	if err != nil {
		t.Fatal(err)
	}
	set, err := openTestStore(t, db).Mailbox(t.Context(), "ann-mail")
	if err != nil {
		t.Fatal(err)
	}
	mb, err := mailboxOf(set, key, "ann-mail")
	if err != nil {
		t.Fatal(err)
	}
	if err := email.Check(t.Context(), mb); err != nil {
		t.Errorf("the stored passwords do not log in after the update: %v", err)
	}
	if set.FooterAddress != "1 Main St, Springfield" || set.PublicURL != "https://pl.example.com" {
		t.Errorf("stored footer %q, public URL %q", set.FooterAddress, set.PublicURL)
	}

	// A server moved: checked unless --skip-check, and its password read again.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	moved := []string{"accounts", "update", "ann-mail", "--smtp", "smtps://ann@127.0.0.1:" + port, "--smtp-password-env", passwordEnv(t, m.smtpPW)}
	refused("SMTP server 127.0.0.1:"+port, moved...)
	out = must(append(moved, "--skip-check")...)
	if !strings.Contains(out, "smtp smtp://ann%40paceline.test@127.0.0.1:"+strconv.Itoa(m.smtpPort)+" → smtps://ann@127.0.0.1:"+port) ||
		!strings.Contains(out, "not logged in to (--skip-check): a running serve reports a refused login when it picks the change up (within 10s)") || strings.Contains(out, "ledger") {
		t.Errorf("server update:\n%s", out)
	}
}

// A review found a changed IMAP server or folder kept the old one's checkpoint: it is
// reset only when UIDVALIDITY differs, and a small UIDVALIDITY can match on another
// server or folder, so the new one's mail below the old UID was never read. Storing
// a new IMAP URL or folder now drops it; other changes (a rotated password, a
// footer) keep it, or the whole folder would be read again.
func TestAccountsUpdateMailboxDropsCheckpoint(t *testing.T) {
	t.Parallel()
	onBothStoresWithKey(t, testAccountsUpdateMailboxDropsCheckpoint)
}

func testAccountsUpdateMailboxDropsCheckpoint(t *testing.T, db string, getenv func(string) string) {
	m := startMailServers(t)
	must := func(args ...string) {
		t.Helper()
		if _, err := runMailUpdate(getenv, db, args...); err != nil {
			t.Fatalf("paceline %s: %s", strings.Join(args, " "), paceline.ErrorMessage(err))
		}
	}
	must(m.addArgs("ann-mail", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW))...)
	store := openTestStore(t, db)
	st, ok := store.(mailStore)
	if !ok {
		t.Fatal("the store keeps no mail checkpoints")
	}
	ctx := t.Context()
	set, err := store.Mailbox(ctx, "ann-mail")
	if err != nil {
		t.Fatal(err)
	}
	old := email.Checkpoint{UIDValidity: 1, UID: 40}
	for _, tt := range []struct {
		name string
		args []string
		kept bool
	}{
		{"footer", []string{"--footer-address", "1 Main St, Springfield"}, true},
		{"same IMAP URL, password given again", []string{"--imap", set.IMAP, "--imap-password-env", passwordEnv(t, m.imPW)}, true},
		{"folder", []string{"--folder", "Archive", "--skip-check"}, false},
		{"IMAP server", []string{"--imap", "imaps://ann@127.0.0.1:1", "--imap-password-env", passwordEnv(t, m.imPW), "--skip-check"}, false},
	} {
		now, err := store.Mailbox(ctx, "ann-mail")
		if err != nil {
			t.Fatal(err)
		}
		if saved, err := st.SetMailCheckpoint(ctx, "ann-mail", old, now.UpdatedAt); err != nil || !saved {
			t.Fatalf("SetMailCheckpoint = %v, %v", saved, err)
		}
		must(append([]string{"accounts", "update", "ann-mail"}, tt.args...)...)
		cp, err := st.MailCheckpoint(ctx, "ann-mail")
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]email.Checkpoint{true: old}[tt.kept]; cp != want {
			t.Errorf("after a change of %s the checkpoint is %+v, want %+v", tt.name, cp, want)
		}
	}
}
