package main

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/paceline/paceline/lead"
)

// The import summary lists the columns kept as custom fields with the name a template
// inserts each by, in text and --json (finding 4 of 2026-11-27: it never said which
// columns became custom fields), and says that a Seniority column fills {{seniority}}
// in place of the level worked out from the title, and that a custom field named like
// a lead field (custom.title) cannot be inserted. The preview then renders the
// column's value for {{seniority}}, and the guess for a lead whose cell is blank.
func TestImportSummaryListsCustomColumns(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	csv := writeFile(t, dir, "leads.csv", "First Name,Last Name,LinkedIn,Title,Seniority,Favourite tool,custom.title\n"+
		"Raj,Patel,https://www.linkedin.com/in/raj,VP Engineering,Senior,HubSpot,Boss\n"+
		"Ann,Lee,https://www.linkedin.com/in/ann,Software Engineer,,Notion,\n")
	code, out, errOut := cli(t, db, "leads", "import", csv)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"  kept as custom fields: Seniority ({{seniority}}), Favourite tool ({{favourite_tool}}), custom.title\n",
		`  column "Seniority" fills {{seniority}} in templates in place of the seniority worked out from the title`,
		`  column "custom.title" is kept as the custom field title, which templates cannot insert ({{title}} is the lead's own title)`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the summary lacks %q:\n%s", want, out)
		}
	}

	code, out, errOut = cli(t, db, "leads", "import", csv, "--json")
	if code != 0 {
		t.Fatalf("import --json: exit %d: %s", code, errOut)
	}
	var rep lead.ImportReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	want := []lead.CustomColumn{{Column: "Seniority", Field: "seniority"}, {Column: "Favourite tool", Field: "favourite_tool"}, {Column: "custom.title", Field: "title"}}
	if !reflect.DeepEqual(rep.CustomColumns, want) || !strings.Contains(out, `"custom_columns"`) {
		t.Errorf("custom_columns = %+v, want %+v:\n%s", rep.CustomColumns, want, out)
	}

	seq := writeFile(t, dir, "s.yaml", "name: s\nsteps:\n  - id: hello\n    if: connected\n    message:\n"+
		"      body: 'Hi {{first_name}}, a {{seniority}} on {{favourite_tool}}'\n")
	for lead, want := range map[string]string{
		"https://www.linkedin.com/in/raj": "Hi Raj, a Senior on HubSpot",
		"https://www.linkedin.com/in/ann": "Hi Ann, a entry on Notion",
	} {
		code, out, errOut := cli(t, db, "personalize", "preview", "--lead", lead, "--sequence", seq)
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("preview %s: exit %d, want %q:\n%s%s", lead, code, want, out, errOut)
		}
	}

	// A file with no such column says nothing of custom fields.
	plain := writeFile(t, dir, "plain.csv", "First Name,LinkedIn\nBo,https://www.linkedin.com/in/bo\n")
	if code, out, _ := cli(t, db, "leads", "import", plain); code != 0 || strings.Contains(out, "custom") {
		t.Errorf("plain import: exit %d:\n%s", code, out)
	}
	if code, out, _ := cli(t, db, "leads", "import", plain, "--json"); code != 0 || strings.Contains(out, "custom_columns") {
		t.Errorf("plain import --json: exit %d:\n%s", code, out)
	}
}
