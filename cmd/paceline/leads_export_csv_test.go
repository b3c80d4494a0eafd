package main

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// exportedLeads returns the leads of db as its JSON export holds them, without what
// a new database numbers or dates anew, lists sorted.
func exportedLeads(t *testing.T, db string) []leadView {
	t.Helper()
	var ls []leadView
	if err := unmarshalExport(mustCLI(t, db, "leads", "export", "--format", "json"), &ls); err != nil {
		t.Fatal(err)
	}
	for i := range ls {
		ls[i].ID, ls[i].CreatedAt, ls[i].UpdatedAt = 0, time.Time{}, time.Time{}
		slices.Sort(ls[i].Lists)
	}
	return ls
}

// TestLeadsExportCSVKeepsCustomFieldNames: a CSV export imported into a fresh
// database gives the same leads, lists and custom fields. A custom field named like
// a column of the export ("seniority") came back as custom_seniority, one named like
// a lead field ("city") came back as the location, and one not in snake case (from
// a JSON import) came back renamed.
func TestLeadsExportCSVKeepsCustomFieldNames(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	importLeadsJSON(t, src, writeFile(t, dir, "in.csv", "profileUrl,fullName,title,email,seniority,city,Favourite Tool\n"+
		"https://www.linkedin.com/in/cf-ann,Ann Lee,CEO,ann@cf.io,senior,Paris,vim\n"+
		"https://www.linkedin.com/in/cf-bo,Bo Chan,CTO,,junior,,\n"), "--map", "city=custom", "--list", "q1")
	importLeadsJSON(t, src, writeFile(t, dir, "more.json",
		`[{"profile_url":"https://www.linkedin.com/in/cf-cy","name":"Cy Dahl","custom":{"Deal Stage":"won","company":"in a note"},"lists":["q1","EMEA"]}]`))
	before := exportedLeads(t, src)
	if len(before) != 3 || before[0].Custom["seniority"] != "senior" || before[0].Custom["city"] != "Paris" ||
		before[2].Custom["Deal Stage"] != "won" {
		t.Fatalf("the source holds %+v", before)
	}

	out := filepath.Join(dir, "export.csv")
	if code, _, stderr := cli(t, src, "leads", "export", "--out", out); code != exitOK || stderr != "" {
		t.Fatalf("export: exit %d, stderr %q", code, stderr)
	}
	dst := filepath.Join(dir, "dst.db")
	if r := importLeadsJSON(t, dst, out); r.Preset != "paceline" || r.Imported != 3 || r.Rejected != 0 {
		t.Fatalf("import of the export: %+v", r)
	}
	if after := exportedLeads(t, dst); !reflect.DeepEqual(before, after) {
		t.Errorf("the leads differ after a CSV round trip:\nbefore %+v\nafter  %+v", before, after)
	}
}

// TestLeadsExportCSVWarnsOfSplitLists: a list whose name holds "; " (the separator
// of the lists column) cannot come back whole from a CSV export; the export says so,
// naming the list and the lists it would become, instead of splitting it silently.
// JSON keeps it.
func TestLeadsExportCSVWarnsOfSplitLists(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	importLeadsJSON(t, src, writeFile(t, dir, "in.csv", roundTripCSV), "--list", "EMEA; Q1")
	code, stdout, stderr := cli(t, src, "leads", "export")
	if code != exitOK || !strings.Contains(stderr, `list "EMEA; Q1" has "; " in its name`) ||
		!strings.Contains(stderr, `the lists "EMEA", "Q1" instead; export with --format json`) || !strings.Contains(stdout, "rt-ann") {
		t.Errorf("CSV export of a list named with \"; \": exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := cli(t, src, "leads", "export", "--format", "json"); code != exitOK || stderr != "" {
		t.Errorf("JSON export: exit %d, stderr %q", code, stderr)
	}
	out := filepath.Join(dir, "export.json")
	mustCLI(t, src, "leads", "export", "--format", "json", "--out", out)
	dst := filepath.Join(dir, "dst.db")
	importLeadsJSON(t, dst, out)
	if before, after := exportedLeads(t, src), exportedLeads(t, dst); !reflect.DeepEqual(before, after) {
		t.Errorf("JSON round trip:\nbefore %+v\nafter  %+v", before, after)
	}
}
