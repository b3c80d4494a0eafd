package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// serve says when it created the database it serves, and where, so that a mistyped
// --db (or serve started in another folder) is not an empty dashboard without a word
// (QA: serve in an empty folder made paceline.db and served nothing, silently); on a
// database that was there it says nothing of the kind.
func TestServeSaysItCreatedTheDatabase(t *testing.T) {
	t.Parallel()
	t.Run("SQLite", func(t *testing.T) {
		t.Parallel()
		db := filepath.Join(t.TempDir(), "new.db")
		abs, err := filepath.Abs(db)
		if err != nil {
			t.Fatal(err)
		}
		serveOnce(t, db, "there was no database at "+db+", so serve created a new, empty one at "+abs, "paceline serve --db FILE")
		serveOnce(t, db)
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		t.Parallel()
		db, _ := emptyPostgresSchema(t)
		shown := (&app{dbPath: db}).shownDB()
		serveOnce(t, db, shown+" held no paceline database, so serve created one there, empty", "point --db at it")
		serveOnce(t, db)
	})
}

// serveOnce starts serve on db until it serves, stops it, and checks that it said
// each of want, or no "note:" at all when want is empty.
func serveOnce(t *testing.T, db string, want ...string) {
	t.Helper()
	cmd, out := startChild(t, "serve", "--db", db, "--addr", "127.0.0.1:0")
	defer cmd.Process.Kill()
	waitFor(t, out, "serving on", 30*time.Second)
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve: %v\n%s", err, out)
	}
	said := out.String()
	if len(want) == 0 && strings.Contains(said, "note:") {
		t.Errorf("serve on an existing database says it is new:\n%s", said)
	}
	for _, w := range want {
		if !strings.Contains(said, w) {
			t.Errorf("serve on a new database does not say %q:\n%s", w, said)
		}
	}
}
