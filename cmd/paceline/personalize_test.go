package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// personalize preview renders the same texts for a lead of a SQLite file and of
// PostgreSQL.
func TestPersonalizePreview(t *testing.T) {
	t.Parallel()
	onBothStores(t, testPersonalizePreview)
}

func testPersonalizePreview(t *testing.T, db string) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "leads.csv")
	if err := os.WriteFile(csv, []byte("profileUrl,fullName,firstName,lastName,companyName,title\n"+
		"https://www.linkedin.com/in/zoe-martin/,Zoë Martin,Zoë,Martin,Acme SAS,VP Sales\n"+
		"https://www.linkedin.com/in/nofirst/,,,,Blank Co,CTO\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "leads", "import", csv)
	long := strings.Repeat("word ", 48) // 240 characters: fine for paid accounts, too long for free
	seq := filepath.Join(dir, "seq.yaml")
	if err := os.WriteFile(seq, []byte("name: long\nsteps:\n  - id: connect\n    invite:\n      note: \"Hi {{first_name}}, "+long+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	type texts struct {
		Texts []previewText `json:"texts"`
	}
	preview := func(args ...string) texts {
		t.Helper()
		var out texts
		if err := json.Unmarshal([]byte(mustCLI(t, db, append([]string{"personalize", "preview", "--json"}, args...)...)), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}

	got := preview("--lead", "https://fr.linkedin.com/in/Zoe-Martin?trk=x")
	if len(got.Texts) == 0 || got.Texts[0].Kind != "invite" || !strings.Contains(got.Texts[0].Note, "Zoë") || got.Texts[0].Problem != "" {
		t.Fatalf("default sequence for Zoë: %+v", got.Texts)
	}
	if again := preview("--lead", "https://www.linkedin.com/in/zoe-martin/"); again.Texts[0].Note != got.Texts[0].Note {
		t.Error("the same lead and step rendered two different notes")
	}
	blank := preview("--lead", "https://www.linkedin.com/in/nofirst/")
	if p := blank.Texts[0].Problem; !strings.Contains(p, "first_name") || !strings.Contains(p, "plain invite") {
		t.Errorf("a blank first name: problem %q", p)
	}
	free := preview("--lead", "https://www.linkedin.com/in/zoe-martin/", "--sequence", seq, "--type", "free")
	if p := free.Texts[0].Problem; !strings.Contains(p, "200") {
		t.Errorf("a 250-character note on a free account: problem %q", p)
	}
	paid := preview("--lead", "https://www.linkedin.com/in/zoe-martin/", "--sequence", seq, "--type", "premium-career")
	if paid.Texts[0].Problem != "" || paid.Texts[0].MaxChars != 300 {
		t.Errorf("the same note on a paid account: %+v", paid.Texts[0])
	}
	for _, bad := range [][]string{
		{"personalize", "preview"},
		{"personalize", "preview", "--lead", "https://www.linkedin.com/in/nobody/"},
		{"personalize", "preview", "--lead", "https://www.linkedin.com/in/zoe-martin/", "--type", "gold"},
		{"personalize", "preview", "--lead", "https://www.linkedin.com/in/zoe-martin/", "--sequence", filepath.Join(dir, "missing.yaml")},
	} {
		if code, _, errOut := cli(t, db, bad...); code == exitOK || errOut == "" {
			t.Errorf("paceline %s: exit %d, no error", strings.Join(bad, " "), code)
		}
	}
}
