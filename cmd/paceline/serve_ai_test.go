package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize/aiwrite"
	"github.com/paceline/paceline/personalize/aiwrite/aiwritetest"
	"github.com/paceline/paceline/runtime"
)

const aiTestKey = "sk-serve-test-0042"

// aiNotes is the fake model of the serve test: a good note for Zoë and Li, an
// over-long one for Max.
func aiNotes(r aiwritetest.Request) aiwritetest.Answer {
	switch {
	case strings.Contains(r.User, "first_name: Zoë\n"):
		return aiwritetest.Answer{Content: "Hi Zoë, a VP Sales at Acme SAS is someone I would like to know. Glad to connect."}
	case strings.Contains(r.User, "first_name: Li\n"):
		return aiwritetest.Answer{Content: "Hi Li, leading data at Brix sounds fun. Glad to connect."}
	}
	return aiwritetest.Answer{Content: strings.Repeat("Hi Max, glad to connect. ", 20)}
}

// aiFixture is a database with one simulated account, leads with company and title,
// and two running campaigns whose invite note is written by the model: "auto" sends it
// at once (Zoë, Max), "rev" holds it for review (Li).
func aiFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "ai.db")
	mustCLI(t, db, "accounts", "add", "--name", "seat", "--type", "sales-navigator", "--working-hours", "00:00-24:00",
		"--working-days", "mon-sun", "--safety", "0.95")
	for list, rows := range map[string]string{
		"auto": "https://www.linkedin.com/in/zoe-martin/,Zoë,Martin,Acme SAS,VP Sales\nhttps://www.linkedin.com/in/max-long/,Max,Long,Mill,CTO\n",
		"rev":  "https://www.linkedin.com/in/li-wei/,Li,Wei,Brix,Head of Data\n",
	} {
		csv := filepath.Join(dir, list+".csv")
		if err := os.WriteFile(csv, []byte("profileUrl,firstName,lastName,companyName,title\n"+rows), 0o644); err != nil {
			t.Fatal(err)
		}
		mustCLI(t, db, "leads", "import", csv, "--list", list)
		review := map[string]string{"auto": "false", "rev": "true"}[list]
		seq := filepath.Join(dir, list+".yaml")
		if err := os.WriteFile(seq, []byte(`name: `+list+`
steps:
  - id: connect
    invite: {note: "Hi {{first_name}}, glad to connect."}
    ai: {prompt: "Mention their role; no pitch.", review: `+review+`, fields: [first_name, company, title]}
`), 0o644); err != nil {
			t.Fatal(err)
		}
		mustCLI(t, db, "campaigns", "create", "--name", list, "--list", list, "--accounts", "seat", "--sequence", seq)
		mustCLI(t, db, "campaigns", "start", list)
	}
	return db
}

// aiTexts reads the AI texts of the database.
func aiTexts(t *testing.T, db string) map[string]aiwrite.Entry {
	t.Helper()
	rdb, err := (&app{dbPath: db}).openRuntimeDB(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	es, err := rdb.store.AIWriting().Entries(context.Background(), aiwrite.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]aiwrite.Entry{}
	for _, e := range es {
		out[e.LeadKey] = e
	}
	return out
}

// serve with a provider configured: the model writes the invite notes of the ai:
// steps, an over-long answer falls back to the template, and a step in review mode
// sends nothing until `paceline tasks review approve`, after which serve sends it. The
// API key, read from the environment variable --ai-key-env names, never shows in the
// output.
func TestServeWritesNotesWithAI(t *testing.T) {
	t.Parallel()
	srv := aiwritetest.New(t, aiNotes)
	db := aiFixture(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestRuntimeChild$")
	cmd.Env = append(os.Environ(), "PACELINE_TEST_AI_KEY="+aiTestKey, childEnv+"="+strings.Join([]string{"serve", "--db", db,
		"--addr", "127.0.0.1:0", "--speed", "30000", "--ai-base-url", srv.BaseURL, "--ai-model", "fake-model",
		"--ai-key-env", "PACELINE_TEST_AI_KEY", "--ai-timeout", "5s"}, "\x1f"))
	out := &output{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	waitFor(t, out, "serving on", 15*time.Second)
	if !strings.Contains(out.String(), "AI writing on: model fake-model") {
		t.Errorf("serve does not say AI writing is on:\n%s", out)
	}

	var texts map[string]aiwrite.Entry
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		texts = aiTexts(t, db)
		if len(texts) == 3 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if e := texts["zoe-martin"]; e.Status != aiwrite.StatusReady || !strings.HasPrefix(e.Text, "Hi Zoë, a VP Sales at Acme SAS") || e.Fallback != nil {
		t.Errorf("Zoë's note: %+v", e)
	}
	if e := texts["max-long"]; e.Text != "" || e.Fallback == nil || e.Fallback.Cause != aiwrite.CauseGuardrail || !strings.Contains(e.Fallback.Reason, "step connect") {
		t.Errorf("Max's over-long note: %+v, want the template with a reason naming step connect", e)
	}
	if e := texts["li-wei"]; e.Status != aiwrite.StatusNeedsReview || !e.SentAt.IsZero() {
		t.Fatalf("Li's note in review mode: %+v", e)
	}

	var pending []runtime.Review
	if err := json.Unmarshal([]byte(mustCLI(t, db, "tasks", "review", "list", "--json")), &pending); err != nil || len(pending) != 1 || pending[0].Key.Lead != "li-wei" {
		t.Fatalf("review list: %+v, %v", pending, err)
	}
	code, _, errOut := cli(t, db, "tasks", "review", "approve", "--campaign", "rev", "--lead", "li-wei", "--step", "connect",
		"--text", strings.Repeat("Hi Li, glad to connect. ", 15))
	if code != exitFailed || !strings.Contains(errOut, "step connect") || !strings.Contains(errOut, "the limit is 300") {
		t.Errorf("approving an over-long edit: exit %d, %s", code, errOut)
	}
	for _, decision := range []string{"approve", "reject"} {
		code, _, errOut := cli(t, db, "tasks", "review", decision, "--lead", "li-wei", "--step", "connect")
		if code != exitFailed || !strings.Contains(errOut, "give the text's --campaign, --lead and --step") {
			t.Errorf("%s without --campaign: exit %d, %s", decision, code, errOut)
		}
	}
	// A phrase only PACELINE_AI_BAN bans is refused as serve would refuse it.
	banEnv := func(name string) string {
		return map[string]string{"PACELINE_AI_BAN": "wide net,\nplug and play"}[name]
	}
	err := runErr(banEnv, db, "tasks", "review", "approve", "--campaign", "rev", "--lead", "li-wei", "--step", "connect",
		"--text", "Hi Li, our tool is plug and play for your team.")
	if err == nil || !strings.Contains(paceline.ErrorMessage(err), `banned phrase "plug and play"`) {
		t.Errorf("approving an edit with a phrase PACELINE_AI_BAN bans: %v", err)
	}
	mustCLI(t, db, "tasks", "review", "approve", "--campaign", "rev", "--lead", "li-wei", "--step", "connect")
	deadline = time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) && aiTexts(t, db)["li-wei"].SentAt.IsZero() {
		time.Sleep(200 * time.Millisecond)
	}
	if e := aiTexts(t, db)["li-wei"]; e.Status != aiwrite.StatusApproved || e.SentAt.IsZero() {
		t.Errorf("after approval serve did not send Li's note: %+v", e)
	}

	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve: %v\n%s", err, out)
	}
	if strings.Contains(out.String(), aiTestKey) {
		t.Errorf("the API key shows in serve's output:\n%s", out)
	}
	if got := srv.Calls(""); got != 4 {
		t.Errorf("the provider was asked %d times, want 4 (Zoë, Li, Max twice)", got)
	}
	report := mustCLI(t, db, "audit", "--json")
	if !strings.Contains(report, `"violations": 0,`) {
		t.Fatalf("audit:\n%s", report)
	}
}
