package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSimulateLedgerKeepsAnExistingLedger runs simulate twice into one --ledger
// directory: the second run is refused and the first run's ledger is left as it was
// (it was replaced without a word), unless --force. A directory holding other files
// only is written into.
func TestSimulateLedgerKeepsAnExistingLedger(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "run1")
	simulate := func(extra ...string) (int, string) {
		t.Helper()
		var out, errb bytes.Buffer
		args := append([]string{"simulate", "--leads", "50", "--weeks", "1", "--ledger", dir}, extra...)
		return run(args, nil, &out, &errb), errb.String()
	}
	if code, errOut := simulate(); code != exitOK {
		t.Fatalf("first run: exit %d: %s", code, errOut)
	}
	first, err := os.ReadFile(filepath.Join(dir, "actions.csv"))
	if err != nil {
		t.Fatal(err)
	}
	code, errOut := simulate("--seed", "2")
	for _, want := range []string{"ledger: " + dir + " already holds a ledger (accounts.csv, actions.csv)", "remove them or give another directory", "--force"} {
		if code != exitFailed || !strings.Contains(errOut, want) {
			t.Errorf("second run: exit %d, stderr %q; want exit %d mentioning %q", code, errOut, exitFailed, want)
		}
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "actions.csv")); !bytes.Equal(again, first) {
		t.Error("the refused run changed the first run's actions.csv")
	}
	if code, errOut := simulate("--seed", "2", "--force"); code != exitOK {
		t.Fatalf("--force: exit %d: %s", code, errOut)
	}
	if forced, _ := os.ReadFile(filepath.Join(dir, "actions.csv")); bytes.Equal(forced, first) {
		t.Error("--force with another seed left the first run's actions.csv")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "accounts.csv" && e.Name() != "actions.csv" {
			t.Errorf("%s left in the ledger directory", e.Name())
		}
	}

	// One ledger file is enough to refuse; other files are not.
	other := filepath.Join(t.TempDir(), "notes")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "README"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := checkLedgerDirFree(other, false); err != nil {
		t.Errorf("a directory without a ledger file: %v", err)
	}
	if err := os.WriteFile(filepath.Join(other, "accounts.csv"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := checkLedgerDirFree(other, false); err == nil || !strings.Contains(err.Error(), "(accounts.csv): remove it") {
		t.Errorf("a directory holding accounts.csv: %v", err)
	}
	if err := checkLedgerDirFree(filepath.Join(other, "missing"), false); err != nil {
		t.Errorf("a directory still to be made: %v", err)
	}
}

// TestPrepareLedgerDirSaysWhetherItMadeTheDirectory: a failed run removes the
// directory it made for the ledger, and only that one.
func TestPrepareLedgerDirSaysWhetherItMadeTheDirectory(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "new")
	if made, err := prepareLedgerDir(dir); err != nil || !made {
		t.Errorf("new directory: made %v, %v; want made", made, err)
	}
	if made, err := prepareLedgerDir(dir); err != nil || made {
		t.Errorf("existing directory: made %v, %v; want not made", made, err)
	}
}
