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
// password when stderr is not a terminal: beside the database, named after it.
func firstAdminFile(db string) string { return db + ".admin-password" }

// firstUser gives a database without dashboard users one, "admin", with a random
// password that only the operator sees, so that the first serve can be logged into:
// serve's output usually ends up in a log (systemd's journal, docker logs) that others
// read and that is kept for long, and the password printed there (QA found it in log
// files) was anyone's who read them. On a terminal it goes to stderr, once; otherwise
// into firstAdminFile, readable by the owner alone, and the log says where. PostgreSQL
// has no such place beside it: serve then makes no user, and says how to make one.
func (a *app) firstUser(ctx context.Context, st paceline.UserStore) error {
	users, err := st.Users(ctx)
	if err != nil || len(users) > 0 {
		return err
	}
	switch {
	case isTerminal(a.stderr):
		password, err := createAdmin(ctx, st, func(string) error { return nil })
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "first start: created dashboard user admin, password %s\n(shown once, on this terminal only: keep it, or set another with paceline users passwd admin)\n", password)
	case isPostgres(a.dbPath):
		fmt.Fprintln(a.stdout, "no dashboard user yet: make one with paceline users create admin --db URL (it prints the password once, to you), then log in")
	default:
		path, err := filepath.Abs(firstAdminFile(a.dbPath))
		if err != nil {
			return fmt.Errorf("the first user's password file: %w", err)
		}
		if _, err := createAdmin(ctx, st, func(password string) error { return writeSecretFile(path, password+"\n") }); err != nil {
			os.Remove(path) // a password no user has would mislead
			return err
		}
		fmt.Fprintf(a.stdout, "first start: created dashboard user admin; its password is in %s (readable by its owner alone): log in, then delete the file (or set another password with paceline users passwd admin)\n", path)
	}
	return nil
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

// writeSecretFile writes a new file of mode 0600. A file left there before (from a
// database since deleted) is replaced, not written through: it may have another mode.
func writeSecretFile(path, content string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("replace %s: %w (remove it, then start again)", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
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
