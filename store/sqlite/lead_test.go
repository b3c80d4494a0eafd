package sqlite

import (
	"context"
	"crypto/sha256"
	"os"
	"strings"
	"testing"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/storetest"
)

// The store-level lead tests that hold for both stores are in package storetest
// (TestLeadConformance runs them); these are the SQLite store's own: the journal
// mode and index tricks of its import.

// tryImport imports csv into s and returns the report or the error.
func tryImport(ctx context.Context, s *Store, csv string, opt lead.ImportOptions) (*lead.ImportReport, error) {
	return storetest.ImportCSV(ctx, s, csv, opt)
}

func TestImportLeadsLeavesTheFileUntouchedOnFailure(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	if _, err := tryImport(ctx, s, apolloCSV, lead.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	s.Close()
	sum := func() [32]byte {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	before := sum()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	bad := "profileUrl,fullName\nhttps://www.linkedin.com/in/someone,\"" + strings.Repeat("y", 300_000) + "\"\n"
	if _, err := tryImport(ctx, s2, bad, lead.ImportOptions{}); err == nil {
		t.Fatal("the import succeeded")
	}
	s2.Close()
	if sum() != before {
		t.Error("the database file changed after a failed import")
	}
}

func TestImportLeadsBesideAnotherConnection(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	// A reader holding a connection open keeps the first import in WAL, and its
	// snapshot does not see the import until it is committed.
	other, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var n int
	if err := other.QueryRowContext(ctx, `SELECT COUNT(*) FROM leads`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	probe, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rollbackJournal(ctx, probe) {
		t.Error("left WAL while another connection had the file open")
		probe.ExecContext(ctx, `PRAGMA journal_mode = WAL`)
	}
	probe.Close()
	rep, err := tryImport(ctx, s, apolloCSV, lead.ImportOptions{})
	if err != nil || rep.Imported != 2 {
		t.Fatalf("import beside another connection: %+v %v", rep, err)
	}
	var mode string
	if err := other.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q (%v), want wal", mode, err)
	}
	if err := other.QueryRowContext(ctx, `SELECT COUNT(*) FROM leads`).Scan(&n); err != nil || n != 2 {
		t.Errorf("the other connection sees %d leads (%v), want 2", n, err)
	}
}

const apolloCSV = "First Name,Last Name,Title,Company,Email,Person Linkedin Url,City,State,Country,# Employees,Industry\n" +
	"Marie,Curie,Director of Research,Radium Institute,marie@radium.fr,http://www.linkedin.com/in/marie-curie,Paris,,France,51-200,Research\n" +
	"Grace,Hopper,VP Engineering,Navy Computing,grace@navy.mil,https://linkedin.com/in/gracehopper/,Arlington,Virginia,United States,10001+,Defense\n"

// TestFirstImportReturnsToWAL checks that a first import, which runs with the
// rollback journal, puts the database back in WAL.
func TestFirstImportReturnsToWAL(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	if _, err := tryImport(context.Background(), s, apolloCSV, lead.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var mode string
	if err := s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q after a first import (%v), want wal back", mode, err)
	}
}

// TestFailedImportKeepsIndexes checks that the listing indexes a first import drops
// come back when it fails.
func TestFailedImportKeepsIndexes(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	huge := "profileUrl,fullName\nhttps://www.linkedin.com/in/new-one,\"" + strings.Repeat("x", 200_000) + "\"\n"
	if _, err := tryImport(context.Background(), s, huge, lead.ImportOptions{}); err == nil {
		t.Fatal("the import succeeded")
	}
	var indexes int
	s.db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN
		('leads_score', 'leads_seniority', 'lead_keys_lead', 'list_members_lead')`).Scan(&indexes)
	if indexes != 4 {
		t.Errorf("%d of the 4 lead indexes left after a failed import", indexes)
	}
}
