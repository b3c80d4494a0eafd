package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// An import into a database that does not exist builds it under a hidden name and
// moves it into place: after it, the directory holds the file and the database, and
// nothing else; the database answers. A failed one leaves only the file.
func TestImportIntoANewDatabaseLeavesNothingElse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "in.csv")
	os.WriteFile(good, []byte("profileUrl,fullName\nhttps://www.linkedin.com/in/jane-roe,Jane Roe\nhttps://www.linkedin.com/in/li-wei,Li Wei\n"), 0o600)
	db := filepath.Join(dir, "p.db")
	if code, _, stderr := runCLI("leads", "import", good, "--db", db); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if got := dirNames(t, dir); strings.Join(got, " ") != "in.csv p.db" {
		t.Errorf("after the import the directory holds %q, want in.csv and p.db", got)
	}
	if code, out, _ := runCLI("leads", "list", "--db", db); code != 0 || !strings.Contains(out, "Jane Roe") || !strings.Contains(out, "Li Wei") {
		t.Errorf("leads list: exit %d: %s", code, out)
	}

	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("\x00\x01\x02binary\x00\xff\xfe"+strings.Repeat("\x00", 300)), 0o600)
	failed := filepath.Join(dir, "q.db")
	if code, _, stderr := runCLI("leads", "import", bad, "--db", failed); code == 0 || !strings.Contains(stderr, "nothing was imported") {
		t.Errorf("a binary file: exit %d: %s", code, stderr)
	}
	if got := dirNames(t, dir); strings.Join(got, " ") != "bad.csv in.csv p.db" {
		t.Errorf("after a failed import the directory holds %q", got)
	}
}

// A database another program created under --db while the import built its own is
// not replaced: publish says so (and the import then imports into that database),
// and what it built is removed.
func TestImportIntoANewDatabaseKeepsAFileMadeMeanwhile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	a := &app{dbPath: db}
	n, err := a.createForImport(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, []byte("someone else's"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := n.publish(); !errors.Is(err, errNameTaken) {
		t.Fatalf("publish over a file made meanwhile: %v", err)
	}
	n.remove()
	if b, _ := os.ReadFile(db); string(b) != "someone else's" {
		t.Errorf("the other program's file now holds %q", b)
	}
	if got := dirNames(t, dir); strings.Join(got, " ") != "p.db" {
		t.Errorf("the directory holds %q, want only the other program's p.db", got)
	}
}

// An import killed before it finished (kill -9, a power cut) leaves its hidden
// database; the next import in that directory removes it, and any other database's
// left so, and leaves alone one another running import holds and one just made.
func TestImportRemovesAnAbandonedNewDatabase(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	abandoned := importPrefix(db) + "0123456789abcdef"
	for _, name := range []string{abandoned, abandoned + "-wal"} {
		os.WriteFile(name, []byte("half an import"), 0o600)
	}
	long := time.Now().Add(-2 * abandonedAge)
	for _, name := range []string{abandoned, abandoned + "-wal"} {
		os.Chtimes(name, long, long)
	}
	// One a running import holds, and a new one not locked yet: both stay.
	running := importPrefix(db) + "fedcba9876543210"
	os.WriteFile(running, nil, 0o600)
	os.Chtimes(running, long, long)
	f, err := os.Open(running)
	if err != nil || !lockImport(f) {
		t.Fatalf("lock %s: %v", running, err)
	}
	defer f.Close()
	young := importPrefix(db) + "00000000000000aa"
	os.WriteFile(young, nil, 0o600)
	// Another database's, abandoned too; and a file that only looks like one.
	other := importPrefix(filepath.Join(dir, "p.db2")) + "0123456789abcdef"
	os.WriteFile(other, nil, 0o600)
	os.Chtimes(other, long, long)
	notOne := importPrefix(db) + "notahexnumber..."
	os.WriteFile(notOne, nil, 0o600)
	os.Chtimes(notOne, long, long)
	csv := filepath.Join(dir, "in.csv")
	os.WriteFile(csv, []byte("profileUrl,fullName\nhttps://www.linkedin.com/in/jane-roe,Jane Roe\n"), 0o600)
	if code, _, stderr := runCLI("leads", "import", csv, "--db", db); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	names := []string{filepath.Base(young), filepath.Base(notOne), filepath.Base(running), "in.csv", "p.db"}
	slices.Sort(names)
	want := strings.Join(names, " ")
	if got := strings.Join(dirNames(t, dir), " "); got != want {
		t.Errorf("the directory holds %q, want %q", got, want)
	}
}
