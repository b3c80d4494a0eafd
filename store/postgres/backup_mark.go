package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// A database restored from a pg_dump (or copied with CREATE DATABASE ... TEMPLATE) has
// forgotten every action done after the dump, and keeps the webhook endpoints and their
// secrets: a worker started on it sends those steps and delivers those events again (QA:
// five events the CRM had, re-sent from a restore). SQLite marks its backup copy in the
// file's header (store/sqlite's MarkBackup); pg_dump runs outside paceline, so
// PostgreSQL's copy is told by what a restore cannot keep: the database's identity. The
// first migrate, serve or worker records it in database_identity (one row, in the
// schema of paceline's tables): the database's OID, which a new database never shares
// with the one it was restored from on the same server, the cluster's system identifier
// (pg_control_system), which tells another server's database with the same OID apart,
// and the database's name. A restored copy holds the row of the database it was dumped
// from; serve and worker refuse it until backup --acknowledge-restore records its own.
// The table is made by the store, not by a numbered migration: it belongs to the
// PostgreSQL store alone, and making it changes no schema version, so no command is
// refused for it. A database that never had the row (made before it) is marked by its
// first migrate, serve or worker, without refusal.

// identityTable holds the identity of the database the row was written in.
const identityTable = `CREATE TABLE IF NOT EXISTS database_identity (
	id                INTEGER     PRIMARY KEY CHECK (id = 1),
	database_name     TEXT        NOT NULL,
	database_oid      BIGINT      NOT NULL,
	system_identifier BIGINT,
	marked_at         TIMESTAMPTZ NOT NULL
)`

// DatabaseIdentity is what tells a PostgreSQL database apart from a copy of it.
type DatabaseIdentity struct {
	// Database is the database's name (current_database()).
	Database string
	// OID is the database's object identifier in pg_database: a database created by
	// a restore gets a new one.
	OID int64
	// SystemID is the cluster's system identifier (pg_control_system), or 0 when the
	// user may not read it: then the name stands in for it.
	SystemID int64
	// Marked is when the identity was recorded (zero for the database's own, read).
	Marked time.Time
}

// sameDatabase reports whether the mark m and the database's own identity own name one
// database: the same OID on the same cluster. A renamed database keeps both. When
// either system identifier is unknown the names must agree too, so that another
// server's database that happens to have the same OID is not taken for the original.
func (m DatabaseIdentity) sameDatabase(own DatabaseIdentity) bool {
	if m.OID != own.OID {
		return false
	}
	if m.SystemID != 0 && own.SystemID != 0 {
		return m.SystemID == own.SystemID
	}
	return m.Database == own.Database
}

// String names the database of the mark for a message: its name, OID and cluster.
func (m DatabaseIdentity) String() string {
	s := fmt.Sprintf("database %s (OID %d", m.Database, m.OID)
	if m.SystemID != 0 {
		s += " on the server with system identifier " + strconv.FormatUint(uint64(m.SystemID), 10)
	}
	return s + ")"
}

// ownIdentity reads the identity of the database the store is connected to. The
// system identifier is read on its own, outside any transaction: a user refused
// pg_control_system (revoked on some hosted servers) gets 0, not an aborted
// transaction.
func (s *Store) ownIdentity(ctx context.Context) (DatabaseIdentity, error) {
	var id DatabaseIdentity
	if err := s.pool.QueryRow(ctx,
		`SELECT d.datname, d.oid::bigint FROM pg_database d WHERE d.datname = current_database()`).
		Scan(&id.Database, &id.OID); err != nil {
		return id, s.fail("read the database's identity", err)
	}
	var sysid *int64
	err := s.pool.QueryRow(ctx, `SELECT system_identifier FROM pg_control_system()`).Scan(&sysid)
	if lost(err) {
		return id, s.fail("read the server's system identifier", err)
	}
	if err == nil && sysid != nil {
		id.SystemID = *sysid
	}
	return id, nil
}

// markIdentity records own as the database's identity in q (the migration's
// transaction, or the check's): replacing the row when replace (an acknowledged restore),
// else only when there is none.
func (s *Store) markIdentity(ctx context.Context, q pgx.Tx, own DatabaseIdentity, replace bool) error {
	// Created only when missing: PostgreSQL checks the privilege to create in the
	// schema before it looks whether the table is there, and a role that may only read
	// and write paceline's tables (migrations run by the owner; PostgreSQL 15 grants
	// no CREATE on public to every role) was refused at every start of the live
	// database.
	var exists bool
	if err := q.QueryRow(ctx, `SELECT to_regclass('database_identity') IS NOT NULL`).Scan(&exists); err != nil {
		return s.fail("look for database_identity", err)
	}
	if !exists {
		if _, err := q.Exec(ctx, identityTable); err != nil {
			return s.fail("create database_identity", err)
		}
	}
	conflict := `DO NOTHING`
	if replace {
		conflict = `DO UPDATE SET database_name = excluded.database_name, database_oid = excluded.database_oid,
			system_identifier = excluded.system_identifier, marked_at = excluded.marked_at`
	}
	var sysid *int64
	if own.SystemID != 0 {
		sysid = &own.SystemID
	}
	if _, err := q.Exec(ctx, `INSERT INTO database_identity (id, database_name, database_oid, system_identifier, marked_at)
		VALUES (1, $1, $2, $3, $4) ON CONFLICT (id) `+conflict,
		own.Database, own.OID, sysid, s.now()); err != nil {
		return s.fail("record the database's identity", err)
	}
	return nil
}

// RestoredFrom returns the identity of the database this one is a restored copy of,
// when its mark names another database (a pg_restore into a new database, on this
// server or another, or CREATE DATABASE ... TEMPLATE) and the restore was not
// acknowledged (AcknowledgeRestore); nil for the live database. A database with no
// mark yet (made before paceline kept one) is marked as itself and is live.
func (s *Store) RestoredFrom(ctx context.Context) (*DatabaseIdentity, error) {
	own, err := s.ownIdentity(ctx)
	if err != nil {
		return nil, err
	}
	var mark *DatabaseIdentity
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := s.markIdentity(ctx, tx, own, false); err != nil {
			return err
		}
		var m DatabaseIdentity
		var sysid *int64
		if err := tx.QueryRow(ctx, `SELECT database_name, database_oid, system_identifier, marked_at FROM database_identity WHERE id = 1`).
			Scan(&m.Database, &m.OID, &sysid, &m.Marked); err != nil {
			return s.fail("read the database's identity mark", err)
		}
		if sysid != nil {
			m.SystemID = *sysid
		}
		if !m.sameDatabase(own) {
			m.Marked = m.Marked.UTC()
			mark = &m
		}
		return nil
	})
	if err != nil {
		return nil, s.wrapMark(err)
	}
	return mark, nil
}

// AcknowledgeRestore records the database's own identity as its mark: the restored
// copy is the live database, and serve and worker run it. It returns the database the
// copy was restored from, nil when it was not a restored copy (nothing changed then,
// but a missing mark is written).
func (s *Store) AcknowledgeRestore(ctx context.Context) (*DatabaseIdentity, error) {
	from, err := s.RestoredFrom(ctx)
	if err != nil || from == nil {
		return nil, err
	}
	own, err := s.ownIdentity(ctx)
	if err != nil {
		return nil, err
	}
	if err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return s.markIdentity(ctx, tx, own, true)
	}); err != nil {
		return nil, s.wrapMark(err)
	}
	return from, nil
}

// wrapMark keeps the store's own errors as they are and wraps the driver's.
func (s *Store) wrapMark(err error) error {
	var w *withCause
	if errors.As(err, &w) {
		return err
	}
	return s.fail("check the database's identity mark", err)
}
