package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/sqlite"
)

// On a terminal (stdin and stderr) the first password is shown there, on stderr, and
// neither on stdout nor in a file.
func TestFirstUserPasswordOnTheTerminal(t *testing.T) {
	t.Parallel()
	master, tty := openPTY(t)
	defer master.Close()
	defer tty.Close()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "p.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out bytes.Buffer
	a := &app{dbPath: db, stdin: tty, stdout: &out, stderr: tty}
	if err := a.firstUser(ctx, st); err != nil {
		t.Fatal(err)
	}
	screen := readTerminalUntil(t, master, "passwd admin", 10*time.Second)
	m := regexp.MustCompile(`password (\S+)`).FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no password on the terminal: %q", screen)
	}
	_, hash, err := st.UserPassword(ctx, "admin")
	if err != nil || !paceline.CheckPassword(hash, m[1]) {
		t.Errorf("the password shown is not admin's: %v", err)
	}
	if out.Len() != 0 {
		t.Errorf("stdout: %q", out.String())
	}
	if _, err := os.Stat(firstAdminFile(db)); !os.IsNotExist(err) {
		t.Errorf("a password file was written too: %v", err)
	}
}

// With stderr a terminal but stdin not one (a pipe, /dev/null: nobody typed the
// command), the password goes to the file, and the terminal shows only where it is.
func TestFirstUserPasswordNotOnStderrWithoutATerminalStdin(t *testing.T) {
	t.Parallel()
	master, tty := openPTY(t)
	defer master.Close()
	defer tty.Close()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "p.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a := &app{dbPath: db, stdin: strings.NewReader(""), stdout: tty, stderr: tty}
	if err := a.firstUser(ctx, st); err != nil {
		t.Fatal(err)
	}
	// A mark after firstUser's output: all before it on the terminal is its own.
	if _, err := tty.WriteString("END-OF-OUTPUT\n"); err != nil {
		t.Fatal(err)
	}
	screen := readTerminalUntil(t, master, "END-OF-OUTPUT", time.Minute) // the minute only when the terminal shows nothing at all
	b, err := os.ReadFile(firstAdminFile(db))
	if err != nil {
		t.Fatalf("no password file: %v (terminal %q)", err, screen)
	}
	password := strings.TrimSpace(string(b))
	_, hash, err := st.UserPassword(ctx, "admin")
	if err != nil || !paceline.CheckPassword(hash, password) {
		t.Errorf("the file's password is not admin's: %v", err)
	}
	if strings.Contains(screen, password) || !strings.Contains(screen, "its password is in") {
		t.Errorf("the terminal shows the password or not the file: %q", screen)
	}
}

// readTerminalUntil reads what the terminal behind master shows until it holds mark,
// and fails the test when that takes longer than wait.
func readTerminalUntil(t *testing.T, master *os.File, mark string, wait time.Duration) string {
	t.Helper()
	shown := make(chan string, 1)
	go func() {
		var seen []byte
		buf := make([]byte, 1024)
		for !bytes.Contains(seen, []byte(mark)) {
			n, err := master.Read(buf)
			seen = append(seen, buf[:n]...)
			if err != nil {
				break
			}
		}
		shown <- string(seen)
	}()
	select {
	case screen := <-shown:
		return screen
	case <-time.After(wait):
		t.Fatal("nothing shown on the terminal")
		return ""
	}
}
