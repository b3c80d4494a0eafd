package postgres

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// HeldLock is a PostgreSQL session advisory lock that this process holds on a
// connection of its own, outside the pool (which the job workers need whole): no other
// session can take the same lock until Release, or until that connection is lost (the
// server then lets the lock go).
type HeldLock struct {
	s    *Store
	name string
	once sync.Once
	conn *pgx.Conn
}

// lockKey is the advisory lock's number for name in the current schema, so that two
// paceline databases kept in schemas of one PostgreSQL database do not share locks.
const lockKey = `hashtextextended(current_schema() || '/' || $1, 0)`

// TryLock takes the session advisory lock called name unless another session holds
// it, in which case it returns nil and no error. The lock keeps a connection of its
// own, opened with the pool's settings, until Release.
func (s *Store) TryLock(ctx context.Context, name string) (*HeldLock, error) {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, s.fail("take the lock "+name, err)
	}
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(`+lockKey+`)`, name).Scan(&ok); err != nil {
		conn.Close(context.Background())
		return nil, s.fail("take the lock "+name, err)
	}
	if !ok {
		conn.Close(context.Background())
		return nil, nil
	}
	return &HeldLock{s: s, name: name, conn: conn}, nil
}

// Check reports an error when the lock may have been lost: its connection no longer
// answers (the server has then let the lock go, and another session may hold it).
func (l *HeldLock) Check(ctx context.Context) error {
	if err := l.conn.Ping(ctx); err != nil {
		return l.s.fail("keep the lock "+l.name, err)
	}
	return nil
}

// unlockTimeout bounds Release on a server that stopped answering.
const unlockTimeout = 5 * time.Second

// Release lets the lock go and closes its connection (which lets the lock go even when
// the unlock itself fails); it may be called more than once.
func (l *HeldLock) Release() {
	l.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), unlockTimeout)
		defer cancel()
		l.conn.Exec(ctx, `SELECT pg_advisory_unlock(`+lockKey+`)`, l.name)
		l.conn.Close(ctx)
	})
}
