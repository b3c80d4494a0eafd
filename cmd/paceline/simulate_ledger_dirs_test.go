package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A --ledger directory that cannot be made in full (here its last name is too long)
// leaves none of the directories the run made: it removed only the last level, and
// the parents it had made stayed. A parent that existed before stays.
func TestSimulateLedgerRemovesEveryDirectoryItMade(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "keep"), 0o755); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("x", 300)
	for _, tc := range []struct{ ledger, gone, stays string }{
		{filepath.Join(root, "a", "b", long), filepath.Join(root, "a"), root},
		{filepath.Join(root, "keep", "c", "d", long), filepath.Join(root, "keep", "c"), filepath.Join(root, "keep")},
	} {
		var out, errb bytes.Buffer
		code := run([]string{"simulate", "--leads", "50", "--weeks", "1", "--ledger", tc.ledger}, nil, &out, &errb)
		if code == exitOK || !strings.Contains(errb.String(), "cannot create the directory") {
			t.Errorf("--ledger %s: exit %d, stderr %q; want a refusal", tc.ledger, code, errb.String())
		}
		if _, err := os.Lstat(tc.gone); err == nil {
			t.Errorf("--ledger %s: %s, made by the run, is left", tc.ledger, tc.gone)
		}
		if _, err := os.Lstat(tc.stays); err != nil {
			t.Errorf("--ledger %s: %s, there before the run, is gone: %v", tc.ledger, tc.stays, err)
		}
	}
}

// makeLedgerDir names the topmost directory it made, and removeMadeDirs removes from
// the ledger directory up to it, stopping at one that holds anything.
func TestMakeLedgerDirNamesTheTopmostDirectoryItMade(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	dir := filepath.Join(root, "a", "b", "c")
	top, err := makeLedgerDir(dir)
	if err != nil || top != filepath.Join(root, "a") {
		t.Fatalf("makeLedgerDir(%s) = %q, %v; want %s", dir, top, err, filepath.Join(root, "a"))
	}
	if again, err := makeLedgerDir(dir); err != nil || again != "" {
		t.Errorf("makeLedgerDir on an existing directory = %q, %v; want \"\"", again, err)
	}
	// Something written in b meanwhile: c goes, b and a stay.
	if err := os.WriteFile(filepath.Join(root, "a", "b", "note"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	removeMadeDirs(dir, top)
	if _, err := os.Lstat(dir); err == nil {
		t.Error("the ledger directory is left")
	}
	if _, err := os.Lstat(filepath.Join(root, "a", "b", "note")); err != nil {
		t.Errorf("a directory holding a file was removed: %v", err)
	}
	os.Remove(filepath.Join(root, "a", "b", "note"))
	removeMadeDirs(filepath.Join(root, "a", "b"), top)
	if _, err := os.Lstat(filepath.Join(root, "a")); err == nil {
		t.Error("the topmost directory made is left once empty")
	}
	if _, err := os.Lstat(root); err != nil {
		t.Errorf("the directory above the topmost made is gone: %v", err)
	}
	removeMadeDirs(root, "") // "" made nothing: removes nothing
	if _, err := os.Lstat(root); err != nil {
		t.Errorf("removeMadeDirs with nothing made removed %s", root)
	}
}
