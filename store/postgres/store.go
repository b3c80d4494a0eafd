// Package postgres is paceline's scale-out store: accounts, the action ledger, events and leads
// in a PostgreSQL database that several paceline worker processes share, through pgx's
// connection pool. It implements the same root interfaces as package sqlite, passes the
// same conformance suite (package storetest) and holds the same schema, written in
// PostgreSQL's types in migrations/. The account, ledger and event queries are named
// SQL in queries/, turned into typed Go (internal/dbsqlc) by sqlc: go generate
// ./store/postgres. The rest (leads, mailboxes, tasks, the runtime, AI texts ...) are
// plain pgx, each file mirroring its store/sqlite twin. What the twins share apart from
// the SQL (input checks, errors, the decoding of rows) is in store/internal's *row
// packages.
package postgres

//go:generate go run github.com/sqlc-dev/sqlc/cmd/sqlc@v1.31.1 generate

import (
	"context"
	"net"
	neturl "net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/store/postgres/internal/dbsqlc"
)

// Store is an open paceline database on a PostgreSQL server. It is safe for concurrent
// use, and any number of processes may open the same database.
type Store struct {
	pool *pgxpool.Pool
	// q holds the named queries of queries/*.sql, typed by sqlc.
	q *dbsqlc.Queries
	// addr is the server's host:port, the name errors give the database: it says where
	// to look and never carries the password.
	addr string
	// database is the database's name, and url the URL it was opened with, for the
	// messages that say to migrate it (never shown with the password: ShownURL).
	database, url string
	// migratedFrom and migratedTo are the schema versions Open found and left.
	migratedFrom, migratedTo int

	// NowFunc stamps created_at, updated_at and migration times. Open sets it to
	// time.Now; simulations and tests replace it before use.
	NowFunc func() time.Time
}

// Compile-time proof that the store is what the engine and the CLI expect.
var (
	_ paceline.AccountStore = (*Store)(nil)
	_ paceline.Ledger       = (*Store)(nil)
)

// defaultConnectTimeout bounds a connection attempt when the URL sets no
// connect_timeout: a server behind a firewall that drops packets would otherwise keep
// paceline waiting for the operating system's TCP timeout, minutes long.
const defaultConnectTimeout = 10 * time.Second

// Open connects to the database at url (postgres://user:password@host:5432/database)
// and brings its schema up to date, creating it in a database that holds none: what
// paceline migrate, serve and worker do (Migrated says what it applied). The URL's
// query takes libpq's parameters (sslmode, connect_timeout, pool_max_conns ...) and
// server settings such as search_path, which puts paceline's tables in a schema of
// their own. Errors: EINVALID for a URL that cannot be read; EUNAVAILABLE, naming
// host:port and saying what to check, when the server cannot be reached, refuses the
// login or lacks the database, or when the database was written by a newer paceline.
func Open(ctx context.Context, url string) (*Store, error) {
	s, err := connect(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.pool.Close()
		return nil, err
	}
	return s, nil
}

// OpenCurrent connects to the database at url, as Open does, for a command that must
// not change its schema (every command but migrate, serve and worker): a database
// shared by several processes is migrated by an operator's deliberate step, not by
// whichever command happens to run first with a newer binary, which would strand the
// older serves and workers still running on it (they refuse a newer schema when they
// restart), nor by a command given the wrong database name. Errors: as Open's, and
// ENOTFOUND when the database (the schema search_path names) holds no paceline tables,
// EUNAVAILABLE when its schema is older than this paceline's, both saying to run
// paceline migrate.
func OpenCurrent(ctx context.Context, url string) (*Store, error) {
	s, err := connect(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := s.checkCurrent(ctx); err != nil {
		s.pool.Close()
		return nil, err
	}
	return s, nil
}

// connect parses url, opens the pool and makes its first connection.
func connect(ctx context.Context, url string) (*Store, error) {
	if strings.TrimSpace(url) == "" {
		return nil, paceline.FieldErrorf("db", "is empty (give a PostgreSQL URL such as postgres://user:password@localhost:5432/paceline)")
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The parser's message may quote the URL, password and all: keep it out of
		// the sentence.
		return nil, &withCause{user: paceline.FieldErrorf("db",
			"is not a PostgreSQL URL paceline can read (want postgres://user:password@host:5432/database?sslmode=disable)"),
			cause: err}
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = defaultConnectTimeout
	}
	s := &Store{
		addr:     net.JoinHostPort(cfg.ConnConfig.Host, strconv.Itoa(int(cfg.ConnConfig.Port))),
		database: cfg.ConnConfig.Database,
		url:      url,
		NowFunc:  time.Now,
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, s.connectError(cfg.ConnConfig.User, cfg.ConnConfig.Database, err)
	}
	s.pool = pool
	s.q = dbsqlc.New(pool)
	// The pool connects lazily: make the first connection now so that a wrong address
	// or password is reported at start, not at the first tick.
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, s.connectError(cfg.ConnConfig.User, cfg.ConnConfig.Database, err)
	}
	return s, nil
}

// Migrated returns the schema version Open found the database at and the one it left
// it at: equal when it applied nothing, and for a store opened by OpenCurrent.
func (s *Store) Migrated() (from, to int) { return s.migratedFrom, s.migratedTo }

// ShownURL is url as a message may show it: without its passwords, quoted for a shell,
// so that a hint such as "run paceline migrate --db URL" can be copied (the password
// given again). pgx takes a password before the @ and in the query too (password=,
// and sslpassword= for the client key): each is shown as PASSWORD, the other
// parameters as they were, in their order. A string that is not a URL is shown as
// "URL".
func ShownURL(url string) string {
	u, err := neturl.Parse(url)
	if err != nil || u.Host == "" {
		return "URL"
	}
	if _, ok := u.User.Password(); ok {
		u.User = neturl.UserPassword(u.User.Username(), "PASSWORD")
	}
	if u.RawQuery != "" {
		params := strings.Split(u.RawQuery, "&")
		for i, p := range params {
			k, _, _ := strings.Cut(p, "=")
			if name, err := neturl.QueryUnescape(k); err != nil || secretParam(name) {
				params[i] = k + "=PASSWORD"
			}
		}
		u.RawQuery = strings.Join(params, "&")
	}
	return shellword.Quote(u.String())
}

// secretParam reports whether a connection URL's query parameter holds a password.
func secretParam(name string) bool {
	return name == "password" || name == "sslpassword"
}

// Close closes every connection of the pool. The store must not be used afterwards.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Addr returns the host:port of the server the store is connected to.
func (s *Store) Addr() string { return s.addr }

// now returns the injected clock's time in UTC.
func (s *Store) now() time.Time { return s.NowFunc().UTC() }
