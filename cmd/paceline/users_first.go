package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/paceline/paceline"
)

// firstAdminFile is where the first serve on a SQLite database leaves admin's
// password when it has no terminal: beside the database, named after it.
func firstAdminFile(db string) string { return db + ".admin-password" }

// firstUser gives a database without dashboard users one, "admin", with a random
// password that only the operator sees, so that the first serve can be logged into:
// serve's output usually ends up in a log (systemd's journal, docker logs) that others
// read and that is kept for long, and the password printed there (QA found it in log
// files) was anyone's who read them. When stdin and stderr are both terminals (someone
// typed the command) it goes to stderr, once; a terminal stderr alone, stdin being a
// pipe or /dev/null, is no sign that anyone watches it. Otherwise it goes into
// firstAdminFile, readable by the owner alone, and the log says where. (docker run -t
// gives stdin and stderr one terminal whose output docker logs keeps: docs/api.md
// says to make the user with users create there.) PostgreSQL has no such place beside it: serve then makes no user, and
// says how to make one.
func (a *app) firstUser(ctx context.Context, st paceline.UserStore) error {
	users, err := st.Users(ctx)
	if err != nil || len(users) > 0 {
		return err
	}
	switch {
	case isTerminal(a.stderr) && a.stdinIsTerminal():
		password, err := createAdmin(ctx, st, func(string) error { return nil })
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "first start: created dashboard user admin, password %s\n(shown once, on this terminal only: keep it, or set another with paceline users passwd admin)\n", password)
	case isPostgres(a.dbPath):
		fmt.Fprintln(a.stdout, "no dashboard user yet: make one with paceline users create admin --db URL (it prints the password once, to you), then log in")
	default:
		return a.firstUserInFile(ctx, st)
	}
	return nil
}

// firstUserInFile makes admin with its password in firstAdminFile. The file is
// created, never replaced, and removed only by the process that wrote it: of two
// serves starting at once, the second used to replace the first's file, fail to make
// admin (the first had), and delete the file, leaving admin's password nowhere. The
// second now finds the file, and admin made, says where the password is.
func (a *app) firstUserInFile(ctx context.Context, st paceline.UserStore) error {
	path, err := filepath.Abs(firstAdminFile(a.dbPath))
	if err != nil {
		return fmt.Errorf("the first user's password file: %w", err)
	}
	wrote := false
	_, err = createAdmin(ctx, st, func(password string) error {
		if err := writeSecretFile(path, password+"\n"); err != nil {
			return err
		}
		wrote = true
		return nil
	})
	switch {
	case err == nil:
		fmt.Fprintf(a.stdout, "first start: created dashboard user admin; its password is in %s (readable by its owner alone): log in, then delete the file (or set another password with paceline users passwd admin)\n", path)
		return nil
	case wrote:
		os.Remove(path) // a password no user has would mislead
		return err
	case !errors.Is(err, fs.ErrExist):
		return err
	}
	if users, uerr := st.Users(ctx); uerr == nil && len(users) > 0 {
		fmt.Fprintf(a.stdout, "first start: another paceline made the first dashboard user meanwhile; admin's password is in %s (readable by its owner alone): log in, then delete the file\n", path)
		return nil
	}
	return paceline.Errorf(paceline.ECONFLICT,
		"%s already exists but the database has no dashboard user: it is left from an earlier database (delete it, then start again), or another paceline serve is making the first user right now (start again)", path)
}

// stdinIsTerminal reports whether the app reads from a terminal.
func (a *app) stdinIsTerminal() bool {
	f, ok := a.stdin.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// createAdmin makes the user admin with a random password, handing the password to
// keep first: a password that could not be kept makes no user, so the next start
// tries again.
func createAdmin(ctx context.Context, st paceline.UserStore, keep func(password string) error) (string, error) {
	password, err := newPassword()
	if err != nil {
		return "", err
	}
	hash, err := paceline.HashPassword(password, paceline.PasswordIterations)
	if err != nil {
		return "", err
	}
	if err := keep(password); err != nil {
		return "", err
	}
	if _, err := st.CreateUser(ctx, "admin", hash); err != nil {
		return "", fmt.Errorf("create the first dashboard user: %w", err)
	}
	return password, nil
}

// writeSecretFile writes a new file of mode 0600. A file already there is left as it
// is (the error is then fs.ErrExist): it may be another process's, just written.
func writeSecretFile(path, content string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("write the first user's password to %s: %w", path, err)
	}
	if err != nil {
		return fmt.Errorf("write the first user's password to %s: %w (make the database's directory writable, or run paceline users create admin first)", path, err)
	}
	if _, err := f.WriteString(content); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("write the first user's password to %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return fmt.Errorf("write the first user's password to %s: %w", path, err)
	}
	return nil
}
