package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// unmarshalExport reads the leads of a JSON export ({"suppressions": [...], "leads":
// [...]}) into leads.
func unmarshalExport(out string, leads any) error {
	var export struct {
		Leads json.RawMessage `json:"leads"`
	}
	if err := json.Unmarshal([]byte(out), &export); err != nil {
		return err
	}
	return json.Unmarshal(export.Leads, leads)
}

// qaGhostCSV holds the person QA erases and one who stays a lead.
const qaGhostCSV = "profileUrl,fullName,email,title\n" +
	"https://www.linkedin.com/in/ghost,Gus Host,gus@ghost.io,CEO\n" +
	"https://www.linkedin.com/in/qa-ann,Ann Lee,ann@qa.io,CTO\n"

// TestLeadsExportCarriesSuppressions is QA's sequence (#4): a person erased in one
// database, exported, and the export imported into a new database, came back as a
// lead when the original list was imported there: the export carried the leads and
// not the suppression list. The export now carries it (hashes, reason, time) in
// either format, and the import puts it back, on SQLite and on PostgreSQL.
func TestLeadsExportCarriesSuppressions(t *testing.T) {
	t.Parallel()
	type dbs struct{ name, o, n string }
	var cases []dbs
	for _, format := range []string{"csv", "json"} {
		dir := t.TempDir()
		cases = append(cases, dbs{"sqlite " + format, filepath.Join(dir, "o.db"), filepath.Join(dir, "n.db")})
	}
	for _, format := range []string{"csv", "json"} {
		cases = append(cases, dbs{"postgres " + format, "", ""})
	}
	for _, tc := range cases {
		format := tc.name[strings.IndexByte(tc.name, ' ')+1:]
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.o == "" {
				tc.o, tc.n = postgresSchema(t), postgresSchema(t)
			}
			dir := t.TempDir()
			g := writeFile(t, dir, "g.csv", qaGhostCSV)
			e := filepath.Join(dir, "e."+format)
			mustCLI(t, tc.o, "leads", "import", g)
			mustCLI(t, tc.o, "leads", "erase", "in:ghost")
			mustCLI(t, tc.o, "leads", "optout", "email:never@qa.io") // never a lead
			mustCLI(t, tc.o, "leads", "export", "--format", format, "--out", e)
			r := importLeadsJSON(t, tc.n, e)
			if r.Imported != 1 || r.Suppressions != 3 || r.SuppressionsAdded != 3 || r.Rejected != 0 {
				t.Errorf("import of the export: %+v", r)
			}
			out := mustCLI(t, tc.n, "leads", "import", e)
			if !strings.Contains(out, "3 entries of the suppression list the file carries: 0 added, 3 on the list already") {
				t.Errorf("import of the export again:\n%s", out)
			}
			r = importLeadsJSON(t, tc.n, g)
			if r.Imported != 0 || r.Suppressed != 1 || r.Duplicates != 1 {
				t.Errorf("QA's list imported into the new database brings the erased person back: %+v", r)
			}
			if code, _, _ := cli(t, tc.n, "leads", "show", "in:ghost"); code == exitOK {
				t.Errorf("the erased person is a lead of the new database")
			}
			r = importLeadsJSON(t, tc.n, writeFile(t, dir, "never.csv", "email\nnever@qa.io\n"))
			if r.Imported != 0 || r.Suppressed != 1 {
				t.Errorf("the opt-out by key did not travel: %+v", r)
			}
			b, err := os.ReadFile(e)
			if err != nil {
				t.Fatal(err)
			}
			if raw := string(b); strings.Contains(raw, "ghost") || strings.Contains(raw, "never@qa.io") {
				t.Errorf("the export holds an erased or suppressed key in clear:\n%s", b)
			}
		})
	}
}

// A CSV export opened in a spreadsheet: the entries of the suppression list come
// first, with nothing in the lead columns, and only when the list has one.
func TestLeadsExportCSVSuppressionRows(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "o.db")
	importLeadsJSON(t, db, writeFile(t, dir, "g.csv", qaGhostCSV))
	if out := mustCLI(t, db, "leads", "export"); strings.Contains(out, "suppressed_key_hash") {
		t.Errorf("an export with no suppression list has its columns:\n%s", out)
	}
	mustCLI(t, db, "leads", "erase", "in:ghost")
	lines := strings.Split(strings.TrimSpace(mustCLI(t, db, "leads", "export")), "\n")
	empty := strings.Repeat(",", len(csvColumns))
	if len(lines) != 4 || !strings.HasSuffix(lines[0], ",suppressed_key_hash,suppression_reason,suppressed_at") ||
		!strings.HasPrefix(lines[1], empty+"email:") && !strings.HasPrefix(lines[1], empty+"in:") ||
		!strings.HasPrefix(lines[2], empty+"email:") && !strings.HasPrefix(lines[2], empty+"in:") ||
		!strings.Contains(lines[1], ",erased,") || !strings.HasPrefix(lines[3], "2,Ann,") || !strings.HasSuffix(lines[3], ",,,") {
		t.Errorf("export:\n%s", strings.Join(lines, "\n"))
	}
}

// TestLeadsExportCSVUndefusesEveryColumn: the CSV export puts a quote before a cell a
// spreadsheet would run as a formula; the import took it off the lists column only,
// so a title "+33 1 23" or a name "=Bob" came back with the quote. It takes it off
// every text value of paceline's own export, and only there.
func TestLeadsExportCSVUndefusesEveryColumn(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	importLeadsJSON(t, src, writeFile(t, dir, "in.csv", "profileUrl,firstName,lastName,title,companyName,location,Phone\n"+
		"https://www.linkedin.com/in/df-ann,=Bob,-Lee,+33 1 23,@acme,'=quoted,+44 20\n"+
		"https://www.linkedin.com/in/df-cy,'',Dahl,'+x,Acme,Paris,''=y\n"), "--list", "-q1")
	before := exportedLeads(t, src)
	if before[0].Title != "+33 1 23" || before[0].FirstName != "=Bob" || before[0].Location != "'=quoted" || before[1].Title != "'+x" {
		t.Fatalf("the source holds %+v", before)
	}
	out := filepath.Join(dir, "export.csv")
	mustCLI(t, src, "leads", "export", "--out", out)
	dst := filepath.Join(dir, "dst.db")
	if r := importLeadsJSON(t, dst, out); r.Imported != 2 || r.Rejected != 0 {
		t.Fatalf("import of the export: %+v", r)
	}
	if after := exportedLeads(t, dst); !reflect.DeepEqual(before, after) {
		t.Errorf("the leads differ after a CSV round trip:\nbefore %+v\nafter  %+v", before, after)
	}

	// Another file's leading quote is the user's.
	other := filepath.Join(dir, "other.db")
	importLeadsJSON(t, other, writeFile(t, dir, "q.csv", "profileUrl,title\nhttps://www.linkedin.com/in/df-q,'+33\n"))
	if ls := exportedLeads(t, other); len(ls) != 1 || ls[0].Title != "'+33" {
		t.Errorf("a hand-made file's quote was taken off: %+v", ls)
	}
}

// The heading of the dropped values said "a bad email, URL or head count beside good
// data", which a vendor's placeholder address or an email kept with another
// profile's lead is not: it now says what every warning is.
func TestLeadsImportWarningHeading(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	out := mustCLI(t, db, "leads", "import", writeFile(t, dir, "w.csv", "profileUrl,email\n"+
		"https://www.linkedin.com/in/wh-ann,ann@wh.io\n"+
		"https://www.linkedin.com/in/wh-bo,ann@wh.io\n"+
		"https://www.linkedin.com/in/wh-cy,email_not_unlocked@domain.com\n"))
	if !strings.Contains(out, "2 rows had a value left out of the lead (each line says which and why):") ||
		strings.Contains(out, "a bad email, URL or head count") {
		t.Errorf("import summary:\n%s", out)
	}
}
