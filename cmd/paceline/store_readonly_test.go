//go:build linux

package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// A database file the user may not write (mode 0444 in a directory of mode 0555, so
// SQLite cannot put a -shm next to it either) is still read by the commands that only
// read; those that write refuse it, saying it is read-only. Root writes through file
// permissions, so as root the commands run in a copy of the test binary as nobody.
func TestReadCommandsOnReadOnlyFile(t *testing.T) {
	dir, err := os.MkdirTemp("", "paceline-ro-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755); os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "ro.db")
	mustCLI(t, db, "accounts", "add", "--name", "me", "--type", "free")
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "leads.csv",
		"First Name,Last Name,URL\nAda,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"))

	runAs := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(append(args, "--db", db), strings.NewReader(""), &out, &errb)
		return code, out.String(), errb.String()
	}
	if os.Geteuid() == 0 {
		runAs = nobodyRunner(t, dir, db)
	}
	if err := os.Chmod(db, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"leads", "list"}, "in:ada-lovelace"},
		{[]string{"leads", "show", "in:ada-lovelace"}, "Ada Lovelace"},
		{[]string{"leads", "export"}, "ada-lovelace"},
		{[]string{"accounts", "list"}, "me"},
		{[]string{"audit"}, "Audited "},
	} {
		code, out, errOut := runAs(c.args...)
		if code != exitOK || !strings.Contains(out, c.want) {
			t.Errorf("paceline %s on a read-only file: exit %d\n%s%s", strings.Join(c.args, " "), code, out, errOut)
		}
	}
	for _, args := range [][]string{
		{"accounts", "add", "--name", "other", "--type", "free"},
		{"leads", "optout", "in:ada-lovelace"},
	} {
		code, out, errOut := runAs(args...)
		if code == exitOK || !strings.Contains(errOut, "is read-only") {
			t.Errorf("paceline %s on a read-only file: exit %d, want it refused as read-only\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
	}
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if e.Name() != "ro.db" && e.Name() != "paceline.test" {
				t.Errorf("a read left %s behind", e.Name())
			}
		}
	}
}

// nobodyRunner copies the test binary into dir and returns a runner of paceline's
// commands as the user nobody, through TestReadOnlyChild.
func nobodyRunner(t *testing.T, dir, db string) func(args ...string) (int, string, string) {
	t.Helper()
	u, err := user.Lookup("nobody")
	if err != nil {
		t.Skipf("no user nobody to read as: %v", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "paceline.test")
	if err := copyExecutable(self, bin); err != nil {
		t.Fatal(err)
	}
	return func(args ...string) (int, string, string) {
		cmd := exec.Command(bin, "-test.run=^TestReadOnlyChild$")
		cmd.Env = append(os.Environ(), "PACELINE_RO_CHILD="+strings.Join(append(args, "--db", db), "\x1f"))
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("run as nobody: %v", err)
		}
		return cmd.ProcessState.ExitCode(), out.String(), errb.String()
	}
}

// TestReadOnlyChild is TestReadCommandsOnReadOnlyFile's paceline when it runs as
// another user: it runs the command of PACELINE_RO_CHILD and exits with its code.
func TestReadOnlyChild(t *testing.T) {
	args := os.Getenv("PACELINE_RO_CHILD")
	if args == "" {
		t.Skip("run by TestReadCommandsOnReadOnlyFile")
	}
	os.Exit(run(strings.Split(args, "\x1f"), strings.NewReader(""), os.Stdout, os.Stderr))
}

// copyExecutable copies the file at from to a new executable file at to.
func copyExecutable(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
