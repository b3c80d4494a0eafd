package main

import (
	"context"
	"path/filepath"
	"testing"
)

// onBothStores runs test on a new SQLite file (subtest SQLite) and on a fresh
// PostgreSQL schema (subtest PostgreSQL, skipped without PACELINE_TEST_POSTGRES), so a
// command is held to the same output on both.
func onBothStores(t *testing.T, test func(t *testing.T, db string)) {
	t.Run("SQLite", func(t *testing.T) {
		t.Parallel()
		test(t, filepath.Join(t.TempDir(), "p.db"))
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		t.Parallel()
		test(t, postgresSchema(t))
	})
}

// onBothStoresWithKey is onBothStores for a test whose commands need the secret key
// (mailbox passwords): on PostgreSQL they read it from PACELINE_SECRET_KEY through
// getenv (keyEnv); on SQLite getenv is nil (os.Getenv) and the key file is beside the
// database.
func onBothStoresWithKey(t *testing.T, test func(t *testing.T, db string, getenv func(string) string)) {
	t.Run("SQLite", func(t *testing.T) {
		t.Parallel()
		test(t, filepath.Join(t.TempDir(), "p.db"), nil)
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		t.Parallel()
		test(t, postgresSchema(t), keyEnv(t))
	})
}

// openTestStore opens the database db, a SQLite file or a postgres:// URL, as the
// commands do; it is closed when the test ends.
func openTestStore(t *testing.T, db string) appStore {
	t.Helper()
	st, err := (&app{dbPath: db}).openAppStore(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
