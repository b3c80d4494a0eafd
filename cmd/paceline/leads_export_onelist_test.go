package main

import (
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// An export of one client's list (--list) names that list alone in each lead's lists
// and carries only the suppression entries of its own leads' keys: it gave "acme;
// globex" for a lead on both and every client's opt-outs with their reasons. The whole
// export still carries everything, and the list's export imports back with its opt-out.
func TestLeadsExportOfAListKeepsToIt(t *testing.T) {
	t.Parallel()
	onBothStores(t, testLeadsExportOfAList)
}

func testLeadsExportOfAList(t *testing.T, db string) {
	dir := t.TempDir()
	importLeadsJSON(t, db, writeFile(t, dir, "globex.csv", "profileUrl,fullName\n"+
		"https://www.linkedin.com/in/ol-ada,Ada L\nhttps://www.linkedin.com/in/ol-bob,Bob B\n"), "--list", "globex")
	importLeadsJSON(t, db, writeFile(t, dir, "acme.csv", "profileUrl,fullName\n"+
		"https://www.linkedin.com/in/ol-ada,Ada L\nhttps://www.linkedin.com/in/ol-cy,Cy C\n"), "--list", "acme")
	mustCLI(t, db, "leads", "optout", "in:ol-bob", "--reason", "asked client")
	mustCLI(t, db, "leads", "optout", "in:ol-cy", "--reason", "asked acme")
	mustCLI(t, db, "leads", "optout", "email:never@globex.com", "--reason", "asked globex")

	rows := readCSV(t, mustCLI(t, db, "leads", "export", "--list", "acme"))
	col := func(name string) int { return slices.Index(rows[0], name) }
	var lists, reasons []string
	for _, r := range rows[1:] {
		if r[col("id")] != "" {
			lists = append(lists, r[col("name")]+": "+r[col("lists")])
		} else {
			reasons = append(reasons, r[col("suppression_reason")])
		}
	}
	slices.Sort(lists)
	if want := []string{"Ada L: acme", "Cy C: acme"}; !slices.Equal(lists, want) {
		t.Errorf("export --list acme: lists %q, want %q", lists, want)
	}
	if want := []string{"asked acme"}; !slices.Equal(reasons, want) {
		t.Errorf("export --list acme: suppression entries %q, want %q", reasons, want)
	}

	out := mustCLI(t, db, "leads", "export", "--list", "acme", "--format", "json")
	var leads []leadView
	if err := unmarshalExport(out, &leads); err != nil {
		t.Fatal(err)
	}
	for _, l := range leads {
		if !slices.Equal(l.Lists, []string{"acme"}) {
			t.Errorf("JSON export --list acme: %s on %q", l.Name, l.Lists)
		}
	}
	if strings.Contains(out, "asked client") || strings.Contains(out, "asked globex") || !strings.Contains(out, "asked acme") {
		t.Errorf("JSON export --list acme carries other lists' entries:\n%s", out)
	}

	all := mustCLI(t, db, "leads", "export")
	if !strings.Contains(all, "asked client") || !strings.Contains(all, "asked globex") ||
		!strings.Contains(all, "acme; globex") && !strings.Contains(all, "globex; acme") {
		t.Errorf("the whole export lost entries or lists:\n%s", all)
	}

	// The list's export moves the client's leads, its opt-out included.
	moved := dir + "/moved.db"
	importLeadsJSON(t, moved, writeFile(t, dir, "acme-export.csv", mustCLI(t, db, "leads", "export", "--list", "acme")))
	if r := importLeadsJSON(t, moved, writeFile(t, dir, "cy.csv", "profileUrl,fullName\nhttps://www.linkedin.com/in/ol-cy,Cy C\n")); r.Suppressed != 1 {
		t.Errorf("Cy, who opted out, imported into the moved database: %+v", r)
	}
	var got []leadView
	if err := json.Unmarshal([]byte(mustCLI(t, moved, "leads", "list", "--all", "--json")), &got); err != nil {
		t.Fatal(err)
	}
	names := []string{}
	for _, l := range got {
		names = append(names, l.Name+": "+strings.Join(l.Lists, ","))
	}
	slices.Sort(names)
	if want := []string{"Ada L: acme"}; !slices.Equal(names, want) {
		t.Errorf("moved database holds %q, want %q", names, want)
	}
}

// readCSV parses a CSV export.
func readCSV(t *testing.T, s string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("read CSV: %v\n%s", err, s)
	}
	return rows
}
