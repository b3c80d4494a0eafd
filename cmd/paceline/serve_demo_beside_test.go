package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// serve about to create paceline.db beside the demo's file says where the demo's
// accounts and campaign are; once the file exists, or on the demo's own file, it says
// nothing.
func TestServeSaysTheDemoIsBeside(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "paceline.db")
	a := &app{dbPath: db}
	if got := a.demoBesideNotice(); got != "" {
		t.Fatalf("no demo file beside: %q", got)
	}
	if err := os.WriteFile(filepath.Join(dir, demoDB), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := a.demoBesideNotice(); !strings.Contains(got, "new, empty database") || !strings.Contains(got, "paceline serve --db "+filepath.Join(dir, demoDB)) {
		t.Errorf("demo file beside a new database: %q", got)
	}
	if got := (&app{dbPath: filepath.Join(dir, demoDB)}).demoBesideNotice(); got != "" {
		t.Errorf("serve on the demo's own file: %q", got)
	}
	if err := os.WriteFile(db, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := a.demoBesideNotice(); got != "" {
		t.Errorf("an existing database: %q", got)
	}
}
