package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize/aiwrite"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// runtimeStore is what the runtime commands need of a database, whichever it is.
type runtimeStore interface {
	runtime.Store
	// The held steps' listing and resume (the one write of an enrollment's lead facts).
	runtime.HeldStore
	// The A/B variants' report (every enrollment's snapshot of a campaign).
	runtime.VariantStore
	// The hand-off desk's tasks and agent tokens (assist and agent accounts).
	paceline.TaskStore
	CreateCampaign(ctx context.Context, c *paceline.Campaign) error
	Campaigns(ctx context.Context) ([]*paceline.Campaign, error)
	SetCampaignState(ctx context.Context, name string, state paceline.CampaignState, reason string) error
	CampaignCounts(ctx context.Context, name string) (map[paceline.EnrollmentState]int, map[paceline.ActionKind]int, error)
	AddEnrollments(ctx context.Context, campaign string, recs []paceline.EnrollmentRecord) (int, error)
	// RepliedLeads returns every lead that replied to any account: a campaign start
	// leaves them out unless asked.
	RepliedLeads(ctx context.Context) (map[string]bool, error)
	// EnrolledLeads returns the leads running in any campaign or ever in this one.
	EnrolledLeads(ctx context.Context, campaign string) (map[string]bool, error)
	DoneActions(ctx context.Context) ([]paceline.Action, error)
	DuplicateSteps(ctx context.Context) ([]paceline.Action, error)
	// AIWriting keeps the AI texts and the daily AI spend (optional AI writing).
	AIWriting() aiwrite.Store
	Close() error
}

// serviceStore is all a service needs of a database: the runtime's store, and the
// leads, users, mailboxes and history of serve's dashboard, API and mailboxes. A SQLite
// file and PostgreSQL both have all of it.
type serviceStore interface {
	runtimeStore
	appStore
}

var (
	_ serviceStore = (*sqlite.Store)(nil)
	_ serviceStore = (*postgres.Store)(nil)
)

// runtimeDB is an open database with its River job client.
type runtimeDB struct {
	store serviceStore
	jobs  func(r *runtime.Runner, opt runtime.Options) (runtime.Jobs, error)
	name  string
	close func()
	// migrates is whether this command may change the schema, River's included: on
	// PostgreSQL only migrate, serve and worker may (openRuntimeDB), the others refuse
	// a database that is not current (docs/runtime.md, "Migrations"); a SQLite file
	// is migrated by every command that writes it.
	migrates bool
	// from and to are paceline's schema versions the open found and left.
	from, to int
	// shownURL is --db as a hint to run migrate may show it (postgres.ShownURL).
	shownURL string
}

// isPostgres tells a PostgreSQL URL from a SQLite file path.
func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// openRuntimeDB opens --db (a SQLite file or a postgres:// URL), bringing paceline's
// schema up to date, creating it in a PostgreSQL database that holds none: for
// migrate, serve and worker only (the other commands use withRuntimeDB).
func (a *app) openRuntimeDB(ctx context.Context) (*runtimeDB, error) {
	return a.openRuntime(ctx, true)
}

// openRuntime opens --db; migrate says whether a PostgreSQL database may be migrated
// (a SQLite file is, either way).
func (a *app) openRuntime(ctx context.Context, migrate bool) (*runtimeDB, error) {
	if isPostgres(a.dbPath) {
		return a.openPostgresRuntime(ctx, migrate)
	}
	if err := checkSQLitePath(a.dbPath); err != nil {
		return nil, err
	}
	st, err := sqlite.Open(ctx, a.dbPath)
	if err != nil {
		return nil, err
	}
	jdb, err := st.JobDB()
	if err != nil {
		st.Close()
		return nil, err
	}
	from, to := st.Migrated()
	return &runtimeDB{
		store: st, name: a.dbPath, migrates: true, from: from, to: to,
		jobs: func(r *runtime.Runner, opt runtime.Options) (runtime.Jobs, error) {
			return runtime.NewSQLiteJobs(jdb, r, opt)
		},
		close: func() { jdb.Close(); st.Close() },
	}, nil
}

// withRuntimeDB runs fn on the database at --db, opened as openRuntimeDB does but
// without migrating a PostgreSQL database (postgres.OpenCurrent), and closes it when
// fn returns: every runtime command opens and closes it alike. A missing SQLite file
// is refused rather than created: these commands all name an account or a campaign
// that only an existing database can hold, and a mistyped --db must not leave an empty
// database behind (migrate, which creates one, opens it itself).
func (a *app) withRuntimeDB(ctx context.Context, fn func(db *runtimeDB) error) error {
	if !isPostgres(a.dbPath) {
		if err := checkSQLitePath(a.dbPath); err != nil {
			return err
		}
		if _, err := os.Stat(a.dbPath); errors.Is(err, fs.ErrNotExist) {
			return a.noDatabase(a.accountFirst())
		}
	}
	db, err := a.openRuntime(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

// withReadableRuntimeDB is withRuntimeDB for a command that only reads (audit): a
// SQLite file this process may not write (mode 0444, another user's) is opened
// read-only (openReadable) rather than refused. Such a database runs no jobs.
func (a *app) withReadableRuntimeDB(ctx context.Context, fn func(db *runtimeDB) error) error {
	if isPostgres(a.dbPath) {
		return a.withRuntimeDB(ctx, fn)
	}
	if err := checkSQLitePath(a.dbPath); err != nil {
		return err
	}
	if _, err := os.Stat(a.dbPath); errors.Is(err, fs.ErrNotExist) {
		return a.noDatabase(a.accountFirst())
	}
	st, err := openReadable(ctx, a.dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(&runtimeDB{
		store: st, name: a.dbPath,
		jobs: func(*runtime.Runner, runtime.Options) (runtime.Jobs, error) {
			return nil, paceline.Errorf(paceline.EINTERNAL, "%s was opened to be read: it runs no jobs", a.dbPath)
		},
		close: func() { st.Close() },
	})
}

// migratedJobs returns an insert-only job client (it wakes accounts, runs no ticks)
// after bringing River's tables up to date, or, on a database this command may not
// migrate, after checking that they are.
func (d *runtimeDB) migratedJobs(ctx context.Context) (runtime.Jobs, error) {
	jobs, err := d.jobs(nil, runtime.Options{})
	if err != nil {
		return nil, err
	}
	if !d.migrates {
		current, latest, err := jobs.Version(ctx)
		if err != nil {
			return nil, err
		}
		if current == 0 {
			return nil, paceline.Errorf(paceline.EUNAVAILABLE,
				"%s holds none of the job queue's tables: run paceline migrate --db %s to create them",
				d.name, d.shownURL)
		}
		if current < latest {
			return nil, paceline.Errorf(paceline.EUNAVAILABLE,
				"%s has the job queue's schema version %d, older than this paceline's %d: run paceline migrate --db %s to upgrade it",
				d.name, current, latest, d.shownURL)
		}
		return jobs, nil
	}
	if err := jobs.Migrate(ctx); err != nil {
		return nil, err
	}
	return jobs, nil
}

// Close closes the database.
func (d *runtimeDB) Close() { d.close() }

// lockFile takes an exclusive lock next to a SQLite database, so that a second serve
// on the same file is refused at once instead of racing the first. The lock file
// records which command holds it (see lockFileAs), as this process was started.
func lockFile(db string) (release func(), err error) {
	return lockFileAs(db, runningCommand(os.Args))
}

// lockCommands are the commands that take a database's lock.
var lockCommands = []string{"demo", "serve", "worker"}

// runningCommand is the paceline command of a command line (demo, serve or worker), or
// "" when it names none of them (a test binary).
func runningCommand(args []string) string {
	for _, arg := range args[min(1, len(args)):] {
		if slices.Contains(lockCommands, arg) {
			return arg
		}
	}
	return ""
}

// lockFileAs is lockFile for the named command. The lock follows the database file,
// not the name it was given: the lock file is next to the file a symlink leads to
// (filepath.EvalSymlinks), and the database file itself is flocked too, which a hard
// link (another name of the same file, with its own .lock) cannot escape. Two serves
// on one file through a link each believed they were alone and sent every step twice.
// Linux's flock locks are independent of the fcntl locks SQLite takes on the same file
// (on NFS they are not: SQLite is not for NFS either); the descriptor is closed only by
// release, after the database is closed, as closing it would drop this process's fcntl
// locks. The lock file holds one line, "PID TIME COMMAND", which a refused process
// reads to say what holds the database: a serve on a running demo's file was told
// "another paceline serve or worker".
func lockFileAs(db, command string) (release func(), err error) {
	l, err := lockDatabase(db, command)
	if err != nil {
		return nil, err
	}
	return l.release, nil
}

// dbLock is a database's one-process lock: its lock file, and the database file itself
// once it exists.
type dbLock struct {
	real string // the database file, its links followed
	lock *os.File
	file *os.File // nil until the database file exists
}

// lockDatabase is lockFileAs, returning the lock itself: serve, on a file its open
// has just created, takes the database file's part of it afterwards (holdFile).
func lockDatabase(db, command string) (*dbLock, error) {
	real := resolvedDB(db)
	path := real + ".lock"
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, paceline.Errorf(paceline.ECONFLICT,
				"%s is running on %s%s: stop it first (several workers on one database need PostgreSQL)", lockHolder(path), real, linkNote(db, real))
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	l := &dbLock{real: real, lock: f}
	if err := l.holdFile(); err != nil {
		l.release()
		return nil, err
	}
	// Truncate first: a shorter line must not leave the end of the last one behind.
	if err := f.Truncate(0); err != nil {
		l.release()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	fmt.Fprintf(f, "%d %s %s\n", os.Getpid(), time.Now().UTC().Format(time.RFC3339), command)
	return l, nil
}

// holdFile flocks the database file itself, when it exists and is not held yet: the
// lock a hard link cannot escape. Read-only is enough to flock, and leaves a file this
// user may not write to be refused by the open, which says so.
func (l *dbLock) holdFile() error {
	if l.file != nil {
		return nil
	}
	f, err := os.Open(l.real)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // a new database: the lock file keeps it until the open makes it
	} else if err != nil {
		return fmt.Errorf("lock %s: %w", l.real, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return paceline.Errorf(paceline.ECONFLICT,
				"%s: stop it first (several workers on one database need PostgreSQL)", hardLinkHolder(l.real))
		}
		return fmt.Errorf("lock %s: %w", l.real, err)
	}
	l.file = f
	return nil
}

// release lets the database go: after it is closed, as closing the database file's
// descriptor drops this process's fcntl locks on it, SQLite's included.
func (l *dbLock) release() {
	if l.file != nil {
		syscall.Flock(int(l.file.Fd()), syscall.LOCK_UN)
		l.file.Close()
	}
	syscall.Flock(int(l.lock.Fd()), syscall.LOCK_UN)
	l.lock.Close()
}

// resolvedDB is the file the database path db leads to once its symlinks are followed
// (those of its folders included); db itself when it does not exist yet, or when only
// its folder does (the folder's links are followed then).
func resolvedDB(db string) string {
	if real, err := filepath.EvalSymlinks(db); err == nil {
		return real
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(db)); err == nil {
		if fi, err := os.Lstat(db); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return db // a dangling link: SQLite's open says what is wrong
		}
		return filepath.Join(dir, filepath.Base(db))
	}
	return db
}

// linkNote is what the refusal adds when --db (db) is a link to the locked file real:
// the other process may have named the file itself.
func linkNote(db, real string) string {
	if filepath.Clean(db) == filepath.Clean(real) {
		return ""
	}
	return fmt.Sprintf(" (%s leads to it)", db)
}

// hardLinkHolder says what holds the database file real through another name of it (a
// hard link, or a name this one's links do not lead to, such as a bind mount): the
// names beside it that are the same file are searched for the holder's lock line.
func hardLinkHolder(real string) string {
	fi, err := os.Stat(real)
	if err != nil {
		return fmt.Sprintf("another paceline process is running on %s under another name", real)
	}
	dir := filepath.Dir(real)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		other := filepath.Join(dir, e.Name())
		if e.Name() == filepath.Base(real) || !e.Type().IsRegular() {
			continue
		}
		if ofi, err := os.Stat(other); err == nil && os.SameFile(fi, ofi) {
			if lockHeld(other + ".lock") {
				return fmt.Sprintf("%s is running on %s, which is the same file as %s (a hard link)", lockHolder(other+".lock"), other, real)
			}
		}
	}
	return fmt.Sprintf("another paceline process (a demo, serve or worker) is running on %s under another name (a hard link: find its names with find / -xdev -samefile %s)",
		real, shellword.Quote(real))
}

// lockHeld reports whether another open of the lock file at path holds its flock.
func lockHeld(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	return errors.Is(syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB), syscall.EWOULDBLOCK)
}

// lockHolder names what holds the lock at path from the line it wrote: "paceline demo
// (pid 4242, since 2026-11-27 14:05 UTC)", or "another paceline process (a demo,
// serve or worker)" when the line does not say (one written before the command was
// recorded, or by a process that is none of them).
func lockHolder(path string) string {
	const unknown = "another paceline process (a demo, serve or worker)"
	b, err := os.ReadFile(path)
	if err != nil {
		return unknown
	}
	fields := strings.Fields(string(b))
	if len(fields) != 3 || !slices.Contains(lockCommands, fields[2]) {
		return unknown
	}
	pid, err := strconv.Atoi(fields[0])
	if err != nil {
		return unknown
	}
	since := ""
	if t, err := time.Parse(time.RFC3339, fields[1]); err == nil {
		since = ", since " + t.UTC().Format("2006-01-02 15:04 MST")
	}
	return fmt.Sprintf("paceline %s (pid %d%s)", fields[2], pid, since)
}
