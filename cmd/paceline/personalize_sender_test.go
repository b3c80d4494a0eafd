package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/personalize/aiwrite"
)

// personalize preview renders as the account that sends: {{sender_first_name}} is its
// --sender-name (it rendered the template's default, "The team", while the task said
// Ann), notes are checked against its type's limit without --type, and a step with ai:
// shows the AI text stored for the lead instead of the template alone.
func TestPersonalizePreviewAsTheSender(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	csv := filepath.Join(dir, "leads.csv")
	if err := os.WriteFile(csv, []byte("profileUrl,firstName,lastName\nhttps://www.linkedin.com/in/zoe-martin/,Zoë,Martin\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "leads", "import", csv)
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free", "--sender-name", "Ann")
	mustCLI(t, db, "accounts", "add", "--name", "bob", "--type", "sales-navigator", "--sender-name", "Bob")
	seq := filepath.Join(dir, "seq.yaml")
	long := strings.Repeat("word ", 44) // 220 characters: over a free account's 200
	if err := os.WriteFile(seq, []byte(`name: sgn
steps:
  - id: connect
    invite: {note: "Hi {{first_name}}, glad to connect. {{sender_first_name | default: \"The team\"}}"}
    ai: {prompt: "Mention their role.", review: true, fields: [first_name]}
  - id: long
    invite: {note: "Hi {{first_name}}, `+long+`"}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "campaigns", "create", "--name", "sgn", "--accounts", "bob", "--sequence", seq)
	type answer struct {
		Sender previewSender `json:"sender"`
		Texts  []previewText `json:"texts"`
	}
	preview := func(args ...string) answer {
		t.Helper()
		var out answer
		args = append([]string{"personalize", "preview", "--json", "--sequence", seq, "--lead", "in:zoe-martin"}, args...)
		if err := json.Unmarshal([]byte(mustCLI(t, db, args...)), &out); err != nil || len(out.Texts) != 2 {
			t.Fatalf("%v: %+v %v", args, out, err)
		}
		return out
	}
	p := preview("--account", "ann")
	if p.Texts[0].Note != "Hi Zoë, glad to connect. Ann" || p.Sender.NoteMaxChars != 200 || !strings.Contains(p.Texts[1].Problem, "200") {
		t.Errorf("as ann (free): %+v", p)
	}
	if !strings.Contains(p.Texts[0].AINote, "sent instead of this template once a person approves it") {
		t.Errorf("no AI text stored: %q", p.Texts[0].AINote)
	}
	p = preview("--campaign", "sgn")
	if p.Texts[0].Note != "Hi Zoë, glad to connect. Bob" || p.Sender.Account != "bob" || p.Sender.NoteMaxChars != 300 || p.Texts[1].Problem != "" {
		t.Errorf("campaign sgn, sent by bob (Sales Navigator): %+v", p)
	}
	if p = preview("--account", "bob", "--type", "free"); p.Sender.NoteMaxChars != 200 || !strings.Contains(p.Texts[1].Problem, "200") {
		t.Errorf("--type free checks 200: %+v", p)
	}

	ctx := context.Background()
	rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := rdb.store.AIWriting().Put(ctx, aiwrite.Entry{LeadKey: "zoe-martin", Campaign: "sgn", StepID: "connect",
		Text: "Hi Zoë, glad to meet another founder.", Status: aiwrite.StatusApproved, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	rdb.Close()
	p = preview("--campaign", "sgn")
	if p.Texts[0].AI != "Hi Zoë, glad to meet another founder." || !strings.Contains(p.Texts[0].AINote, "sent instead of the template") {
		t.Errorf("an approved AI text: %+v", p.Texts[0])
	}
	for _, bad := range [][]string{
		{"--account", "nobody"},
		{"--campaign", "nothing"},
	} {
		args := append([]string{"personalize", "preview", "--sequence", seq, "--lead", "in:zoe-martin"}, bad...)
		if code, _, errOut := cli(t, db, args...); code == exitOK || !strings.Contains(errOut, "nothing") && !strings.Contains(errOut, "nobody") {
			t.Errorf("%v: exit %d, %q", bad, code, errOut)
		}
	}
}
