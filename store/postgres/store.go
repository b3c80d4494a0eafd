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
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paceline/paceline"
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
// and brings its schema up to date. The URL's query takes libpq's parameters
// (sslmode, connect_timeout, pool_max_conns ...) and server settings such as
// search_path, which puts paceline's tables in a schema of their own. Errors: EINVALID
// for a URL that cannot be read; EUNAVAILABLE, naming host:port and saying what to
// check, when the server cannot be reached, refuses the login or lacks the database,
// or when the database was written by a newer paceline.
func Open(ctx context.Context, url string) (*Store, error) {
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
		addr:    net.JoinHostPort(cfg.ConnConfig.Host, strconv.Itoa(int(cfg.ConnConfig.Port))),
		NowFunc: time.Now,
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
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
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
