package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/secret"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/store/postgres"
	"github.com/spf13/cobra"
)

// backupCmd copies a SQLite database consistently, while serve and workers may write
// to it, together with the secret key its stored passwords are sealed with. A plain cp
// of a running database misses the commits still in its -wal file, and a copy without
// the key cannot open its secrets.
func (a *app) backupCmd() *cobra.Command {
	var to string
	var force, acknowledge bool
	cmd := &cobra.Command{
		Use:   "backup",
		Short: "Copy a SQLite database consistently, even while serve runs, with its secret key",
		Long: `Backup writes a consistent copy of the SQLite database at --db to --to (SQLite's
VACUUM INTO): every transaction committed when it starts is in the copy, none half, even
while serve and workers write. The copy is written under a temporary name and renamed
into place, so --to holds a whole backup or nothing; an existing --to is refused unless
--force.

The copy is useless without the secret key that sealed its mailbox passwords and webhook
secrets: paceline.key next to the database, or PACELINE_SECRET_KEY. The key file, when
there is one, is copied beside the backup as --to with .key added (mode 0600); keep the
two together. To restore: stop serve and workers, delete the database's -wal and -shm
files, copy the backup over the database and its .key file to paceline.key next to it.
A restored copy forgets every action done after the backup: serve would send those
steps again. The copy carries the time it was taken, and serve and worker refuse it
until paceline backup --acknowledge-restore --db FILE. Backup names the copy's active
campaigns and the commands that pause them first; check what went out since, then
acknowledge the restore, start serve and resume them (campaigns start).

--to's folder is created (mode 0700) when it does not exist.

A PostgreSQL database is backed up with pg_dump, which paceline does not run: backup
prints the pg_dump command that writes --to (paceline.dump when not given), and the
createdb and pg_restore commands that restore it into a new database named after --db's
with _restore added, never the password (give it with PGPASSWORD or ~/.pgpass); it
copies nothing and exits 1. The restored database forgets, as a SQLite copy does, every
action done after pg_dump ran, and keeps the webhook endpoints: paceline records each
database's identity (its OID and the server's) when it first migrates it, and serve and
worker refuse a database that carries another's until paceline backup
--acknowledge-restore --db URL.`,
		Example: "  paceline backup --db paceline.db --to backups/paceline-2026-11-27.db\n" +
			"  paceline backup --db paceline.db --to backups/latest.db --force\n" +
			"  paceline backup --db postgres://paceline@db:5432/paceline   # prints pg_dump and pg_restore",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if acknowledge {
				return a.acknowledgeRestore(cmd.Context())
			}
			if isPostgres(a.dbPath) {
				if strings.TrimSpace(to) == "" {
					to = defaultDumpFile
				}
				return postgresBackupError(a.dbPath, to)
			}
			if strings.TrimSpace(to) == "" {
				return usageError{errors.New("backup needs --to, the file to write the copy to")}
			}
			return a.backupSQLite(cmd.Context(), to, force)
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "the `file` to write the copy to; the key file is copied to it with .key added (required for SQLite; PostgreSQL: the pg_dump file, default "+defaultDumpFile+")")
	cmd.Flags().BoolVar(&force, "force", false, "replace --to (and its .key file) when they exist")
	cmd.Flags().BoolVar(&acknowledge, "acknowledge-restore", false, "mark the database at --db, restored from a backup, as the live one: serve and worker refuse a restored copy until then")
	return cmd
}

// backupSQLite copies the database at --db to to, and its key file to to.key.
func (a *app) backupSQLite(ctx context.Context, to string, force bool) error {
	if err := checkSQLitePath(a.dbPath); err != nil {
		return err
	}
	src, err := os.Stat(a.dbPath)
	if errors.Is(err, fs.ErrNotExist) {
		return paceline.Errorf(paceline.ENOTFOUND, "no database at %s: point --db at the database to back up", a.dbPath)
	} else if err != nil {
		return paceline.Errorf(paceline.EUNAVAILABLE, "cannot read the database %s: %v", a.dbPath, err)
	}
	keyFile := filepath.Join(filepath.Dir(a.dbPath), keyFileName)
	_, err = os.Stat(keyFile)
	hasKey := err == nil
	toKey := to + ".key"
	targets := []string{to}
	if hasKey {
		targets = append(targets, toKey)
	}
	for _, t := range targets {
		if err := checkBackupTarget(t, src, force); err != nil {
			return err
		}
	}
	made, err := makeBackupDir(filepath.Dir(to))
	if err != nil {
		return err
	}
	// The copy holds what was committed when it began: a restore forgets what follows.
	taken := time.Now()
	if err := vacuumInto(ctx, a.dbPath, to, force, taken); err != nil {
		removeMadeDirs(filepath.Dir(to), made)
		return err
	}
	if made != "" {
		fmt.Fprintf(a.stdout, "Created the folder %s (mode 0700) for the backup.\n", filepath.Dir(to))
	}
	size := ""
	if fi, err := os.Stat(to); err == nil {
		size = fmt.Sprintf(" (%s)", byteSize(fi.Size()))
	}
	fmt.Fprintf(a.stdout, "Backed up %s to %s%s: a consistent copy of every transaction committed when it began.\n", a.dbPath, to, size)
	if hasKey {
		if err := copyKeyFile(keyFile, toKey, force); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "Copied its secret key %s to %s (mode 0600). Keep the two together: without the key the copy's mailbox passwords and webhook secrets cannot be opened.\n", keyFile, toKey)
		if a.env(secret.EnvKey) != "" {
			fmt.Fprintf(a.stdout, "%s is set here and wins over the key file: if serve runs with it, keep its value with the backup too.\n", secret.EnvKey)
		}
	} else if a.env(secret.EnvKey) != "" {
		fmt.Fprintf(a.stdout, "Its secret key is %s (there is no %s next to the database): keep that value with the backup; without it the copy's mailbox passwords and webhook secrets cannot be opened.\n", secret.EnvKey, keyFileName)
	} else {
		fmt.Fprintf(a.stdout, "There is no %s next to the database and %s is not set: the database has sealed no secret with a key file. If serve runs with %s, keep its value with the backup.\n", keyFileName, secret.EnvKey, secret.EnvKey)
	}
	dir := filepath.Dir(a.dbPath)
	restore := fmt.Sprintf("rm -f %s %s && cp %s %s", shellword.Quote(a.dbPath+"-wal"), shellword.Quote(a.dbPath+"-shm"), shellword.Quote(to), shellword.Quote(a.dbPath))
	if hasKey {
		restore += fmt.Sprintf(" && cp %s %s && chmod 600 %s", shellword.Quote(toKey), shellword.Quote(filepath.Join(dir, keyFileName)), shellword.Quote(filepath.Join(dir, keyFileName)))
	}
	fmt.Fprintf(a.stdout, "To restore, stop serve and workers, then: %s\n", restore)
	restoreWarning(ctx, a.stdout, a.dbPath, to, taken)
	return nil
}

// checkBackupTarget refuses to write a backup over the database itself, or over a file
// that exists unless force: yesterday's backup is not to be lost to a typo.
func checkBackupTarget(path string, db os.FileInfo, force bool) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return paceline.FieldErrorf("to", "cannot check %s: %v", path, err)
	case fi.IsDir():
		return paceline.FieldErrorf("to", "%s is a directory: give the path of the backup file, such as %s", path, filepath.Join(path, "paceline-backup.db"))
	case os.SameFile(fi, db):
		return paceline.FieldErrorf("to", "%s is the database itself: give another file to back it up to", path)
	case !force:
		return paceline.Errorf(paceline.ECONFLICT, "%s exists: give another --to, or --force to replace it", path)
	}
	return nil
}

// byteSize prints a file size for people.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// defaultDumpFile is the file pg_dump writes when backup on PostgreSQL is given no --to.
const defaultDumpFile = "paceline.dump"

// postgresBackupError is backup's answer for a PostgreSQL database: the pg_dump
// command that backs it up to to (the URL without its password, which pg_dump reads
// from PGPASSWORD or ~/.pgpass), the createdb and pg_restore ones that restore it into
// a new database beside it (restoring into --db's own database would fail on every
// table it already has, or mix the two), and the key to keep with the dump.
func postgresBackupError(dbURL, to string) error {
	u, schemas := dumpURL(dbURL)
	var only string
	for _, s := range schemas {
		only += " --schema=" + shellword.Quote(s)
	}
	name, restoreURL := restoreTarget(u)
	restored := restoredDBArg(dbURL, name)
	return paceline.Errorf(paceline.EINVALID,
		"paceline backup copies SQLite files and has copied nothing; back up PostgreSQL with pg_dump (the password from PGPASSWORD or ~/.pgpass):\n"+
			"  pg_dump --format=custom%s --file=%s %s\n"+
			"restore it into a new, empty database %s with:\n"+
			"  createdb --maintenance-db=%s %s\n"+
			"  pg_restore --no-owner --dbname=%s %s\n"+
			"and keep %s, which sealed its mailbox passwords and webhook secrets, with the dump.\n"+
			restoreForgets+"\n"+
			"The restored database keeps the webhook endpoints and their secrets. Before serve or a worker runs it, pause its active campaigns (paceline campaigns list --db %s shows them; paceline campaigns pause NAME --db %s).\n"+
			"%s",
		only, shellword.Quote(to), shellword.Quote(u),
		name, shellword.Quote(u), shellword.Quote(name),
		shellword.Quote(restoreURL), shellword.Quote(to), secret.EnvKey,
		"the dump", "pg_dump ran", restored, restored,
		restoreThen("pg_dump ran", restored))
}

// restoredDBArg is --db for the database name a dump of the database at dbURL is
// restored into, as paceline's printed commands give it: dbURL with the database
// changed, its search_path kept and its password shown as PASSWORD (postgres.ShownURL).
func restoredDBArg(dbURL, name string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		return postgres.ShownURL(dbURL)
	}
	u.Path = "/" + name
	u.RawPath = ""
	return postgres.ShownURL(u.String())
}

// restoreTarget names the database a dump of the database at u (a URL as dumpURL
// makes it) is restored into: its name with _restore added, and u pointing at it.
// A URL that names no database is the user's own, as libpq has it.
func restoreTarget(u string) (string, string) {
	pu, err := url.Parse(u)
	if err != nil {
		return "paceline_restore", "postgres://USER@HOST:5432/paceline_restore"
	}
	name := strings.TrimPrefix(pu.Path, "/")
	if name == "" && pu.User != nil {
		name = pu.User.Username()
	}
	if name == "" {
		name = "paceline"
	}
	name += "_restore"
	pu.Path = "/" + name
	pu.RawPath = ""
	return name, pu.String()
}

// pgxOnlyParams are parameters of a paceline URL that pgx reads and libpq, which
// pg_dump is built on, refuses.
var pgxOnlyParams = []string{"search_path", "statement_cache_capacity", "description_cache_capacity",
	"default_query_exec_mode", "prefer_simple_protocol"}

// dumpURL is dbURL as pg_dump takes it: without its password (in the user part or a
// password parameter), so that the command printed neither shows it nor puts it on a
// command line, and without the parameters libpq refuses. The schemas of its
// search_path (paceline's tables live in the first that has them) are returned for
// pg_dump's --schema.
func dumpURL(dbURL string) (string, []string) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "postgres://USER@HOST:5432/DATABASE", nil
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	var schemas []string
	for _, s := range strings.Split(q.Get("search_path"), ",") {
		if s = strings.Trim(strings.TrimSpace(s), `"`); s != "" && s != "$user" {
			schemas = append(schemas, s)
		}
	}
	drop := append([]string{"password"}, pgxOnlyParams...)
	for k := range q {
		if slices.Contains(drop, k) || strings.HasPrefix(k, "pool_") {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), schemas
}
