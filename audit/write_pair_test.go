package audit

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// failRenames makes every rename into dir of a file called one of names fail, until
// the test ends. The tests using it do not run in parallel: rename is the package's.
func failRenames(t *testing.T, names ...string) {
	t.Helper()
	rename = func(from, to string) error {
		for _, n := range names {
			if filepath.Base(to) == n {
				return &os.LinkError{Op: "rename", Old: from, New: to, Err: errors.New("injected failure")}
			}
		}
		return os.Rename(from, to)
	}
	t.Cleanup(func() { rename = os.Rename })
}

// pairLedger is a one-account ledger with n visits.
func pairLedger(n int) *Ledger {
	acc := Account{Name: "ana", Type: paceline.TypeFree, Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays, NoteQuotaMonthly: -1}
	l := &Ledger{Accounts: []Account{acc}}
	for i := range n {
		l.Actions = append(l.Actions, paceline.Action{At: time.Date(2027, 3, 1, 10, i, 0, 0, time.UTC), Account: "ana", Kind: paceline.KindVisit, Result: paceline.ResultDone})
	}
	return l
}

// readLedgerFiles reads every file in dir by name.
func readLedgerFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	return files
}

// A rename of actions.csv that fails after accounts.csv was replaced puts the old
// accounts.csv back: the ledger in the directory is the old one, whole, with nothing
// else left, and the error says so. It was the new accounts.csv with the old
// actions.csv.
func TestWriteDirFailingBetweenTheRenamesKeepsTheOldLedger(t *testing.T) {
	dir := t.TempDir()
	if err := WriteDir(dir, pairLedger(2)); err != nil {
		t.Fatal(err)
	}
	old := readLedgerFiles(t, dir)
	failRenames(t, ActionsFile)
	err := WriteDir(dir, pairLedger(3))
	if err == nil || !strings.Contains(err.Error(), "injected failure") || !strings.Contains(err.Error(), "the ledger in "+dir+" is unchanged") {
		t.Fatalf("write with actions.csv's rename failing: %v; want the failure, and that the ledger is unchanged", err)
	}
	now := readLedgerFiles(t, dir)
	if len(now) != 2 || !bytes.Equal(now[AccountsFile], old[AccountsFile]) || !bytes.Equal(now[ActionsFile], old[ActionsFile]) {
		t.Errorf("after the failed write the directory holds %d files, accounts.csv the old one's %v, actions.csv %v; want the old ledger alone",
			len(now), bytes.Equal(now[AccountsFile], old[AccountsFile]), bytes.Equal(now[ActionsFile], old[ActionsFile]))
	}
	if _, err := ReadDir(dir); err != nil {
		t.Errorf("the old ledger no longer reads: %v", err)
	}
}

// In a directory without a ledger, the same failure removes the new accounts.csv:
// nothing is left.
func TestWriteDirFailingBetweenTheRenamesLeavesNoHalfLedger(t *testing.T) {
	dir := t.TempDir()
	failRenames(t, ActionsFile)
	if err := WriteDir(dir, pairLedger(2)); err == nil || !strings.Contains(err.Error(), "is unchanged") {
		t.Fatalf("write: %v; want the failure, and that the ledger is unchanged", err)
	}
	if files := readLedgerFiles(t, dir); len(files) != 0 {
		t.Errorf("the failed write left %d files", len(files))
	}
}

// When the old accounts.csv cannot be put back either, the error says which file is
// whose and to write the ledger again.
func TestWriteDirSaysWhichFilesAreLeftWhenItCannotPutTheOldBack(t *testing.T) {
	dir := t.TempDir()
	if err := WriteDir(dir, pairLedger(2)); err != nil {
		t.Fatal(err)
	}
	// The first rename succeeds; the second and putting back accounts.csv fail.
	t.Cleanup(func() { rename = os.Rename })
	rename = func(from, to string) error {
		if filepath.Base(to) == ActionsFile || filepath.Base(from) == "."+AccountsFile+".old.tmp" {
			return &os.LinkError{Op: "rename", Old: from, New: to, Err: errors.New("injected failure")}
		}
		return os.Rename(from, to)
	}
	err := WriteDir(dir, pairLedger(3))
	want := "accounts.csv in " + dir + " is the new ledger's but actions.csv still the old one's"
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "write the ledger again") {
		t.Fatalf("write: %v; want it to say %q", err, want)
	}
}

// A write that succeeds over an old ledger leaves the two files only: the old ones it
// kept while replacing them are gone.
func TestWriteDirLeavesNoKeptOldFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for n := range 3 {
		if err := WriteDir(dir, pairLedger(n+1)); err != nil {
			t.Fatal(err)
		}
	}
	files := readLedgerFiles(t, dir)
	if len(files) != 2 {
		var names []string
		for n := range files {
			names = append(names, n)
		}
		t.Errorf("the directory holds %v, want accounts.csv and actions.csv", names)
	}
	l, err := ReadDir(dir)
	if err != nil || len(l.Actions) != 3 {
		t.Errorf("read back: %v, want the last ledger's 3 actions", err)
	}
}
