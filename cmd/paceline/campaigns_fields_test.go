package main

import (
	"strings"
	"testing"
)

// campaigns create refuses a sequence whose template misspells a field, saying where
// and what it was likely meant to be, and stores nothing; a field that is a column of
// the imported leads is accepted, and a near miss of one is refused even with a default.
func TestCampaignsCreateChecksTemplateFields(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := dir + "/p.db"
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "leads.csv",
		"profileUrl,fullName,title,Favourite Topic\nhttps://www.linkedin.com/in/ada-lovelace,Ada Lovelace,Founder,engines\n"))
	seq := func(name, note string) string {
		return writeFile(t, dir, name+".yaml", "name: "+name+"\nsteps:\n  - id: look\n    visit: {}\n  - id: connect\n    invite:\n      note: "+note+"\n")
	}
	for _, tt := range []struct{ name, note, want string }{
		{"typo", `"Hi {{first_nme}}"`, `line 7, step connect: note: unknown field "first_nme" (did you mean first_name?)`},
		{"near", `"On {{favorite_topic | default: \"growth\"}}"`, `unknown field "favorite_topic" (did you mean favourite_topic?), whose default would go to every lead`},
		{"unknown", `"On {{topic}}"`, "if topic is a column of your lead file, import leads with that column first"},
	} {
		code, _, errOut := cli(t, db, "campaigns", "create", "--name", tt.name, "--accounts", "alice", "--sequence", seq(tt.name, tt.note))
		if code != exitFailed || !strings.Contains(errOut, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 saying %q", tt.name, code, errOut, tt.want)
		}
	}
	if out := mustCLI(t, db, "campaigns", "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("a refused campaign was stored: %s", out)
	}
	mustCLI(t, db, "campaigns", "create", "--name", "custom", "--accounts", "alice", "--sequence", seq("custom", `"Hi {{first_name}}, on {{favourite_topic}}"`))
	if out := mustCLI(t, db, "campaigns", "list"); !strings.Contains(out, "custom") {
		t.Fatalf("the campaign with a custom field of the leads was not stored:\n%s", out)
	}
}
