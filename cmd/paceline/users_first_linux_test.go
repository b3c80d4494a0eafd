package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/sqlite"
)

// On a terminal the first password is shown there, on stderr, and neither on stdout
// nor in a file.
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
	a := &app{dbPath: db, stdout: &out, stderr: tty}
	if err := a.firstUser(ctx, st); err != nil {
		t.Fatal(err)
	}
	shown := make(chan string, 1)
	go func() {
		var seen []byte
		buf := make([]byte, 1024)
		for !bytes.Contains(seen, []byte("passwd admin")) {
			n, err := master.Read(buf)
			seen = append(seen, buf[:n]...)
			if err != nil {
				break
			}
		}
		shown <- string(seen)
	}()
	var screen string
	select {
	case screen = <-shown:
	case <-time.After(10 * time.Second):
		t.Fatal("nothing shown on the terminal")
	}
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
