package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/executor/assist"
)

// writeArchive writes an unpacked archive: ada accepted the invite sent by hand and
// replied in a conversation she started; bob was invited by hand; extra unknown
// people fill Connections.csv.
func writeArchive(t *testing.T, unknown int) string {
	t.Helper()
	dir := t.TempDir()
	var conns strings.Builder
	conns.WriteString("Notes:\n\"When exporting your connection data, you may notice ...\"\n\n")
	conns.WriteString("First Name,Last Name,URL,Email Address,Company,Position,Connected On,Extra\n")
	conns.WriteString("Ada,Lovelace,https://www.linkedin.com/in/Ada-Lovelace/,,Engines,CEO,12 Jan 2026,x\n")
	for i := range unknown {
		fmt.Fprintf(&conns, "Zoë,Stranger%d,https://fr.linkedin.com/in/stranger-%d,,,,03 Jan 2026,\n", i, i)
	}
	writeFile(t, dir, "Connections.csv", conns.String())
	writeFile(t, dir, "Invitations.csv", "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"+
		"Me Owner,Ada Lovelace,\"1/10/26, 9:15 AM\",,OUTGOING,https://www.linkedin.com/in/me-owner,https://www.linkedin.com/in/ada-lovelace\n"+
		"Me Owner,Bob Byte,\"1/20/26, 4:05 PM\",\"Hi Bob,\nglad to connect\",OUTGOING,https://www.linkedin.com/in/me-owner,https://www.linkedin.com/in/bob-byte\n")
	writeFile(t, dir, "messages.csv", "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"+
		"c1,,Ada Lovelace,https://www.linkedin.com/in/ada-lovelace,Me Owner,https://www.linkedin.com/in/me-owner,2026-01-14 08:00:00 UTC,,\"Thanks for the invite!\nLet's talk\",INBOX\n")
	return dir
}

// archiveDB fills the database db with an assist account and the leads ada and bob.
func archiveDB(t *testing.T, db string) {
	t.Helper()
	dir := t.TempDir()
	mustCLI(t, db, "accounts", "add", "--name", "me", "--type", "free", "--executor", "assist", "--time-zone", "Europe/London")
	leads := writeFile(t, dir, "leads.csv", "First Name,Last Name,URL\nAda,Lovelace,https://www.linkedin.com/in/ada-lovelace\nBob,Byte,https://www.linkedin.com/in/bob-byte/\n")
	mustCLI(t, db, "leads", "import", leads)
}

func importArchiveJSON(t *testing.T, db, dir string) archiveReport {
	t.Helper()
	var rep archiveReport
	out := mustCLI(t, db, "linkedin", "import-archive", dir, "--account", "me", "--json")
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return rep
}

func TestImportArchiveCountsNewRecordsOnly(t *testing.T) {
	t.Parallel()
	onBothStores(t, testImportArchiveCountsNewRecordsOnly)
}

func testImportArchiveCountsNewRecordsOnly(t *testing.T, db string) {
	archiveDB(t, db)
	dir := writeArchive(t, 2)
	rep := importArchiveJSON(t, db, dir)
	if rep.Invites != 2 || rep.Accepted != 1 || rep.Replied != 1 || len(rep.Unmatched) != 2 || rep.ByCause["unknown_lead"] != 2 {
		t.Fatalf("first import = %+v", rep)
	}
	u := rep.Unmatched[0]
	if filepath.Base(u.File) != "Connections.csv" || u.Line != 6 || !strings.Contains(u.Reason, "not a known lead") {
		t.Fatalf("unmatched[0] = %+v", u)
	}
	again := importArchiveJSON(t, db, dir)
	if again.Invites != 0 || again.Accepted != 0 || again.Replied != 0 || again.InvitesInLedger != 2 {
		t.Fatalf("re-import = %+v, want zeros", again)
	}

	st := openTestStore(t, db)
	far := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	acts, _ := st.Actions(context.Background(), "me", time.Time{}, far)
	evs, _ := st.Events(context.Background(), "me", time.Time{}, far)
	if len(acts) != 2 || len(evs) != 2 {
		t.Fatalf("%d actions and %d events after two imports, want 2 and 2", len(acts), len(evs))
	}
	// Sent At is London time: 9:15 on 10 January is 09:15 UTC.
	if acts[0].Lead != "ada-lovelace" || !acts[0].At.Equal(time.Date(2026, 1, 10, 9, 15, 0, 0, time.UTC)) || !acts[0].Counts() {
		t.Fatalf("first invite = %+v", acts[0])
	}
	if !acts[1].WithNote {
		t.Fatalf("bob's invite had a message: %+v", acts[1])
	}
}

func TestImportArchiveHumanReport(t *testing.T) {
	t.Parallel()
	onBothStores(t, testImportArchiveHumanReport)
}

func testImportArchiveHumanReport(t *testing.T, db string) {
	archiveDB(t, db)
	out := mustCLI(t, db, "linkedin", "import-archive", writeArchive(t, 25), "--account", "me")
	for _, want := range []string{"2 new invites, 1 accepted, 1 replied", "25 rows gave nothing:", "    25  unknown_lead",
		"Connections.csv line 6: Zoë Stranger0: not a known lead", "... and 5 more: run again with --json"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "unknown_lead") > strings.Index(out, "line 6") {
		t.Errorf("counts by cause do not come first:\n%s", out)
	}
	if n := strings.Count(out, "not a known lead"); n != maxUnmatchedShown {
		t.Errorf("%d unmatched lines shown, want %d", n, maxUnmatchedShown)
	}
}

// An invite the archive shows closes the lead's open invite task: nobody is asked to
// invite them again, and only one invite counts.
func TestImportArchiveClosesInviteTasks(t *testing.T) {
	t.Parallel()
	onBothStores(t, testImportArchiveClosesInviteTasks)
}

func testImportArchiveClosesInviteTasks(t *testing.T, db string) {
	archiveDB(t, db)
	ctx := context.Background()
	st := openTestStore(t, db)
	desk := &assist.Desk{Store: st}
	a := paceline.Action{Key: "q1/bob-byte/connect", At: time.Now().UTC(), Account: "me", Kind: paceline.KindInvite, Lead: "bob-byte"}
	if _, err := desk.ExecuteText(ctx, a, engine.Text{}); err != nil {
		t.Fatal(err)
	}
	a.Result = paceline.ResultDone
	if err := st.RecordAction(ctx, &a); err != nil {
		t.Fatal(err)
	}
	rep := importArchiveJSON(t, db, writeArchive(t, 0))
	if rep.TasksClosed != 1 {
		t.Fatalf("tasks closed = %d, want 1", rep.TasksClosed)
	}
	task, _ := st.TaskByKey(ctx, a.Key)
	if task.State != paceline.TaskDone {
		t.Fatalf("task after import: %+v", task)
	}
	acts, _ := st.Actions(ctx, "me", time.Time{}, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))
	bob := 0
	for i := range acts {
		if acts[i].Lead == "bob-byte" && acts[i].Counts() {
			bob++
		}
	}
	if bob != 1 {
		t.Fatalf("%d invites to bob count, want 1", bob)
	}
}

func TestImportArchiveErrors(t *testing.T) {
	t.Parallel()
	onBothStores(t, testImportArchiveErrors)
}

func testImportArchiveErrors(t *testing.T, db string) {
	archiveDB(t, db)
	notArchive := writeFile(t, t.TempDir(), "notes.txt", "hello")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"linkedin", "import-archive", "--account", "me"}, exitUsage, "wants the archive"},
		{[]string{"linkedin", "import-archive", writeArchive(t, 0)}, exitFailed, "--account"},
		{[]string{"linkedin", "import-archive", writeArchive(t, 0), "--account", "nobody"}, exitFailed, "nobody"},
		{[]string{"linkedin", "import-archive", notArchive, "--account", "me"}, exitFailed, "not a LinkedIn archive"},
		{[]string{"linkedin", "import-archive", filepath.Join(t.TempDir(), "missing.zip"), "--account", "me"}, exitFailed, "missing.zip"},
	}
	for _, tt := range tests {
		code, _, errOut := cli(t, db, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("paceline %s: exit %d %q, want %d with %q", strings.Join(tt.args, " "), code, errOut, tt.code, tt.want)
		}
	}
}

// A mailbox has no LinkedIn archive: naming one is refused before anything is recorded.
func TestImportArchiveRefusesMailbox(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	env := passwordEnv(t, "pw-"+randomWord(t))
	mustCLI(t, db, "accounts", "add", "--name", "ann-mail", "--executor", "email", "--from", "ann@example.com",
		"--smtp", "smtps://ann@127.0.0.1:465", "--imap", "imaps://ann@127.0.0.1:993",
		"--smtp-password-env", env, "--imap-password-env", env, "--skip-check")
	code, out, errOut := cli(t, db, "linkedin", "import-archive", writeArchive(t, 0), "--account", "ann-mail")
	if code != exitFailed || !strings.Contains(errOut, "account: ann-mail is a mailbox") || out != "" {
		t.Errorf("import-archive --account ann-mail: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
