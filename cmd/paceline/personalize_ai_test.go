package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paceline/paceline/personalize/aiwrite/aiwritetest"
)

// personalize preview shows what the model writes for the steps with ai:, the
// template's fallback reason when the model fails, and says when AI writing is off; on a
// SQLite file and on PostgreSQL, which keeps the AI texts and spend.
func TestPersonalizePreviewAI(t *testing.T) {
	t.Parallel()
	onBothStores(t, testPersonalizePreviewAI)
}

func testPersonalizePreviewAI(t *testing.T, db string) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "leads.csv")
	if err := os.WriteFile(csv, []byte("profileUrl,firstName,lastName,companyName,title\n"+
		"https://www.linkedin.com/in/zoe-martin/,Zoë,Martin,Acme SAS,VP Sales\n"+
		"https://www.linkedin.com/in/max-long/,Max,Long,Mill,CTO\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "leads", "import", csv)
	seq := filepath.Join(dir, "seq.yaml")
	if err := os.WriteFile(seq, []byte(`name: ai
steps:
  - id: connect
    invite: {note: "Hi {{first_name}}, glad to connect."}
    ai: {prompt: "Mention their role; no pitch.", fields: [first_name, company, title]}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := aiwritetest.New(t, func(r aiwritetest.Request) aiwritetest.Answer {
		if strings.Contains(r.User, "first_name: Zoë\n") {
			return aiwritetest.Answer{Content: "Hi Zoë, a VP Sales at Acme SAS: glad to connect."}
		}
		return aiwritetest.Answer{Status: 503, Raw: "overloaded"}
	})
	preview := func(lead string, ai bool) previewText {
		t.Helper()
		args := []string{"personalize", "preview", "--json", "--type", "premium-career", "--sequence", seq, "--lead", lead}
		if ai {
			args = append(args, "--ai-base-url", srv.BaseURL, "--ai-model", "m", "--ai-key-env", "")
		}
		var out struct {
			Texts []previewText `json:"texts"`
		}
		if err := json.Unmarshal([]byte(mustCLI(t, db, args...)), &out); err != nil || len(out.Texts) != 1 {
			t.Fatalf("preview %s: %+v, %v", lead, out, err)
		}
		return out.Texts[0]
	}
	if p := preview("https://www.linkedin.com/in/zoe-martin/", true); p.AI != "Hi Zoë, a VP Sales at Acme SAS: glad to connect." || p.Note != "Hi Zoë, glad to connect." {
		t.Errorf("Zoë with AI: %+v", p)
	}
	if p := preview("https://www.linkedin.com/in/max-long/", true); p.AI != "" || !strings.Contains(p.AINote, "step connect") || !strings.Contains(p.AINote, "HTTP 503") {
		t.Errorf("Max with a failing provider: %+v", p)
	}
	// Without --campaign no stored text is looked at: the note says so, not that none
	// is stored (another campaign's text for the same step may be).
	if p := preview("https://www.linkedin.com/in/zoe-martin/", false); p.AI != "" || !strings.Contains(p.AINote, "not configured") ||
		!strings.Contains(p.AINote, "shown with --campaign") || strings.Contains(p.AINote, "none is stored") {
		t.Errorf("Zoë without AI: %+v", p)
	}
	code, _, errOut := cli(t, db, "personalize", "preview", "--sequence", seq, "--lead", "https://www.linkedin.com/in/zoe-martin/",
		"--ai-base-url", srv.BaseURL, "--ai-model", "m", "--ai-key-env", "PACELINE_TEST_UNSET_KEY")
	if code != exitFailed || !strings.Contains(errOut, "ai-key-env") || !strings.Contains(errOut, "PACELINE_TEST_UNSET_KEY is not set") {
		t.Errorf("a key variable that is not set: exit %d, %s", code, errOut)
	}
}
