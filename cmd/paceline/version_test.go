package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestBuildVersion(t *testing.T) {
	t.Parallel()
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	for _, tc := range []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"no build info", nil, false, "devel"},
		{"module version", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, true, "v1.4.0"},
		{"pseudo-version", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261127202143-fa258f128fab+dirty"}}, true, "v0.0.0-20261127202143-fa258f128fab+dirty"},
		{"revision", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("fa258f128fab99cc03df85641279ce1ead8f6bb1", "false")}, true, "devel (commit fa258f128fab)"},
		{"modified revision", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("fa258f128fab99cc03df85641279ce1ead8f6bb1", "true")}, true, "devel (commit fa258f128fab, modified)"},
		{"neither", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "devel"},
	} {
		if got := buildVersion(tc.info, tc.ok); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestVersionCommand(t *testing.T) {
	t.Parallel()
	code, out, errOut := runCLI("version")
	if want := "paceline "; code != exitOK || !strings.HasPrefix(out, want) || !strings.Contains(out, runtime.Version()) || strings.Contains(out, "database") {
		t.Fatalf("paceline version: exit %d, %q %q", code, out, errOut)
	}
	// Without --db it opens nothing: no paceline.db appears in the working directory.
	if _, err := os.Stat("paceline.db"); err == nil {
		t.Fatal("paceline version left a paceline.db behind")
	}
}

// version --db says a database's schema version against this paceline's, and only
// reads it: an older database stays older, an empty one gets no table, a missing file
// is not created.
func TestVersionReadsTheSchemaOnly(t *testing.T) {
	t.Parallel()
	latest := latestSchema(t)
	t.Run("SQLite", func(t *testing.T) {
		t.Parallel()
		old := sqliteAt(t, latest-2)
		before, err := os.ReadFile(old)
		if err != nil {
			t.Fatal(err)
		}
		code, out, errOut := runCLI("version", "--db", old)
		want := fmt.Sprintf("database %s: schema version %d, older than this paceline's %d: run paceline migrate --db ", old, latest-2, latest)
		if code != exitOK || !strings.Contains(out, want) {
			t.Fatalf("version of an older file: exit %d, %q %q; want %q", code, out, errOut, want)
		}
		after, err := os.ReadFile(old)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before, after) {
			t.Fatal("version changed the database file")
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			if _, err := os.Stat(old + suffix); err == nil {
				t.Errorf("version left %s behind", old+suffix)
			}
		}

		cur := filepath.Join(t.TempDir(), "p.db")
		mustCLI(t, cur, "accounts", "add", "--name", "ann", "--type", "free")
		if code, out, _ := runCLI("version", "--db", cur); code != exitOK || !strings.Contains(out, fmt.Sprintf(": schema version %d, current\n", latest)) {
			t.Fatalf("version of a current file: exit %d, %q", code, out)
		}

		missing := filepath.Join(t.TempDir(), "none.db")
		if code, _, errOut := runCLI("version", "--db", missing); code != exitFailed || !strings.Contains(errOut, "no database at "+missing) {
			t.Fatalf("version of a missing file: exit %d, %q", code, errOut)
		}
		if _, err := os.Stat(missing); err == nil {
			t.Fatal("version created the missing database")
		}
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		t.Parallel()
		db, schema := postgresAt(t, latest-2)
		tables := postgresTables(t, schema)
		code, out, errOut := runCLI("version", "--db", db)
		if want := fmt.Sprintf("schema version %d, older than this paceline's %d: run paceline migrate --db ", latest-2, latest); code != exitOK || !strings.Contains(out, want) {
			t.Fatalf("version of an older database: exit %d, %q %q; want %q", code, out, errOut, want)
		}
		if got := postgresTables(t, schema); got != tables {
			t.Fatalf("version changed the tables: %d, then %d", tables, got)
		}
		code, out, _ = runCLI("version", "--db", db)
		if !strings.Contains(out, fmt.Sprintf("schema version %d,", latest-2)) {
			t.Fatalf("version run again: exit %d, %q: the schema was migrated", code, out)
		}

		empty, emptySchema := emptyPostgresSchema(t)
		if code, out, errOut := runCLI("version", "--db", empty); code != exitOK || !strings.Contains(out, "no paceline tables") {
			t.Fatalf("version of an empty database: exit %d, %q %q", code, out, errOut)
		}
		if n := postgresTables(t, emptySchema); n != 0 {
			t.Fatalf("version created %d tables in an empty database", n)
		}
	})
}
