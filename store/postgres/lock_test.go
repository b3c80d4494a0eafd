package postgres

import (
	"context"
	"testing"
	"time"
)

// TryLock gives a lock to one session at a time, per name and per schema; Release and
// a lost connection let it go, and Check tells the holder it was lost.
func TestTryLock(t *testing.T) {
	t.Parallel()
	serverURL(t)
	ctx := context.Background()
	url := newSchema(t)
	open := func(url string) *Store {
		s, err := Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	a, b := open(url), open(url)
	try := func(s *Store, name string, want bool) *HeldLock {
		t.Helper()
		h, err := s.TryLock(ctx, name)
		if err != nil || (h != nil) != want {
			t.Fatalf("TryLock(%s) = %v, %v; want held %v", name, h, err, want)
		}
		return h
	}
	h := try(a, "mail", true)
	try(b, "mail", false)
	try(b, "other", true).Release()
	try(openTest(t), "mail", true).Release() // another schema: another lock
	if err := h.Check(ctx); err != nil {
		t.Fatalf("Check of a held lock: %v", err)
	}
	h.Release()
	h.Release()
	h = try(b, "mail", true)
	try(a, "mail", false)

	// The holder's connection dies: the server lets the lock go, and Check says so.
	if _, err := a.pool.Exec(ctx, `SELECT pg_terminate_backend($1)`, h.conn.PgConn().PID()); err != nil {
		t.Fatal(err)
	}
	if err := h.Check(ctx); err == nil {
		t.Fatal("Check after the connection was killed: no error")
	}
	h.Release()
	// The server lets the dead session's locks go as that backend exits: soon, not at once.
	deadline := time.Now().Add(10 * time.Second)
	for {
		h, err := a.TryLock(ctx, "mail")
		if err != nil {
			t.Fatal(err)
		}
		if h != nil {
			h.Release()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the lock of a killed connection was not let go")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
