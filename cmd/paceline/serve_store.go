package main

import (
	"context"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// appStore is what serve's dashboard, JSON API, hand-off desk and mailboxes need of the
// database, whichever it is: a SQLite file and PostgreSQL both have all of it, so serve
// mounts the same app on either.
type appStore interface {
	leadDB
	paceline.UserStore
	paceline.MailboxStore
	paceline.WebhookStore
	api.History
	mailStore
	Campaign(ctx context.Context, name string) (*paceline.Campaign, error)
	Tasks(ctx context.Context, f paceline.TaskFilter) ([]*paceline.Task, error)
	LeadOptedOut(ctx context.Context, id int64) (time.Time, error)
	// The desk closes the tasks of leads who answered or opted out (runtime.LeadStopped).
	runtime.StopStore
	// The ICP rules in force score imports (the API's too) and explain stored scores.
	icpStore
}

var (
	_ appStore = (*sqlite.Store)(nil)
	_ appStore = (*postgres.Store)(nil)
)

// openAppStore opens --db, a SQLite file or a postgres:// URL, for a command that
// works on the dashboard's users and tokens or on accounts. mustExist refuses a missing
// SQLite file instead of creating it. A PostgreSQL database is never migrated here
// (postgres.OpenCurrent): one without paceline's tables, or at an older schema, is
// refused with a sentence saying to run paceline migrate.
func (a *app) openAppStore(ctx context.Context, mustExist bool) (appStore, error) {
	if isPostgres(a.dbPath) {
		st, err := postgres.OpenCurrent(ctx, a.dbPath)
		if err != nil {
			return nil, err
		}
		return st, nil
	}
	open := a.openStore
	if mustExist {
		open = a.openExistingStore
	}
	st, err := open(ctx)
	if err != nil {
		return nil, err
	}
	return st, nil
}

// appStoreIfExists is openAppStore for a command that only reads: false, and nothing
// created, when there is no SQLite file at --db.
func (a *app) appStoreIfExists(ctx context.Context) (appStore, bool, error) {
	if isPostgres(a.dbPath) {
		st, err := a.openAppStore(ctx, true)
		return st, err == nil, err
	}
	st, ok, err := a.storeIfExists(ctx)
	if err != nil || !ok {
		return nil, false, err
	}
	return st, true, nil
}

// shownDB is how a message names --db: the SQLite file's path, or "PostgreSQL at
// host:port/database" for a URL (port 5432 when the URL gives none, the database the
// user's name when it names none, as libpq has them), never its password. The
// database's name tells a live worker's messages from those of one on a restored copy
// beside it (QA: both said PostgreSQL at 127.0.0.1:5432).
func (a *app) shownDB() string {
	if !isPostgres(a.dbPath) {
		return a.dbPath
	}
	u, err := url.Parse(a.dbPath)
	if err != nil || u.Hostname() == "" {
		return "PostgreSQL"
	}
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	shown := "PostgreSQL at " + net.JoinHostPort(u.Hostname(), port)
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" && u.User != nil {
		name = u.User.Username()
	}
	if name != "" {
		shown += "/" + name
	}
	return shown
}
